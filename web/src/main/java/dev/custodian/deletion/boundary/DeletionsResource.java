package dev.custodian.deletion.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.Page;
import dev.custodian.api.QueryFlags;
import dev.custodian.deletion.control.DeletionReads;
import dev.custodian.deletion.control.DeletionProgress;
import dev.custodian.deletion.control.DeletionRequests;
import dev.custodian.deletion.entity.DeletionKey;
import dev.custodian.deletion.entity.DeletionNotFoundException;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.validation.ValidationException;
import dev.custodian.api.PathIds;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.UUID;

/** {@code /api/v1/deletions}: progress and outcome of every deletion and of each of its keys, and retrying failed keys. */
@Tag(name = "Deletions")
@Path("v1/deletions")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.APP)
public class DeletionsResource {

    @Inject
    DeletionRequests requests;

    @Inject
    DeletionProgress progress;

    @Inject
    DeletionWorker worker;

    @Inject
    DeletionReads reads;

    @GET
    @Operation(summary = "List deletions, filtered by state")
    public Page<DeletionRecord> list(@QueryParam("state") String state, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor) {
        DeletionState filter;
        try {
            filter = state == null ? null : DeletionState.fromWireName(state);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("state", e.getMessage());
        }
        int pageSize = Cursors.limit(limit);
        List<DeletionRequest> rows = requests.list(filter, Cursors.parse(cursor), pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<DeletionRequest> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page.stream().map(r -> DeletionRecord.of(r, progress)).toList(),
                more ? Cursors.after(page.get(page.size() - 1).id()) : null);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One deletion with progress, errors and verification")
    public DeletionRecord get(@PathParam("id") String id) {
        UUID uuid = PathIds.parse(id);
        return DeletionRecord.of(requests.find(uuid).orElseThrow(() -> new DeletionNotFoundException(uuid)), progress);
    }

    /** Every key of the deletion with its outcome, in key order, paged; {@code outcome} filters. */
    @GET
    @Path("{id}/keys")
    @Operation(summary = "A deletion's keys with their outcomes (deleted, failed, held, pending) and the version ids"
            + " erased of each (version_ids), paged")
    public Page<DeletionKey> keys(@PathParam("id") String id, @QueryParam("outcome") String outcome,
                                  @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID uuid = PathIds.parse(id);
        DeletionKey.Outcome filter;
        try {
            filter = outcome == null ? null : DeletionKey.Outcome.fromWireName(outcome);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("outcome", e.getMessage());
        }
        int pageSize = Cursors.limit(limit);
        String after = Cursors.parseValue(cursor);
        requests.find(uuid).orElseThrow(() -> new DeletionNotFoundException(uuid));
        List<DeletionKey> rows = reads.keys(uuid, filter, after, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<DeletionKey> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page, more ? Cursors.afterValue(page.get(page.size() - 1).key()) : null);
    }

    /** Queues the failed keys again (and the sweep of an owner deletion); 202 with the deletion. */
    @POST
    @Path("{id}/retry")
    @Operation(summary = "Queue a deletion's failed keys (and its sweep) again; with bypass_governance (admin) its"
            + " held keys too, bypassing governance-mode retention")
    public Response retry(@PathParam("id") String id, @QueryParam("bypass_governance") String bypassGovernance,
                          @Context SecurityContext caller) {
        boolean bypass = QueryFlags.flag("bypass_governance", bypassGovernance);
        if (bypass && !caller.isUserInRole(Role.ADMIN.wireName())) {
            throw new ForbiddenException("bypass_governance removes retained versions: admin only");
        }
        DeletionRequest request = requests.retry(PathIds.parse(id), caller.getUserPrincipal().getName(), bypass);
        worker.poke();
        return Response.accepted(DeletionRecord.of(request, progress)).build();
    }
}
