package dev.custodian.maintenance.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.Page;
import dev.custodian.api.PathIds;
import dev.custodian.maintenance.control.Quarantine;
import dev.custodian.maintenance.entity.QuarantineState;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.validation.ValidationException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** {@code /api/v1/quarantine}: files maintenance moved aside, and putting one back. Admin only. */
@Tag(name = "Maintenance")
@Path("v1/quarantine")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    @Inject
    Quarantine quarantine;

    @GET
    @Operation(summary = "Quarantined objects, newest first; state=moving|quarantined|restoring|restored|purged|abandoned")
    public Page<QuarantinedObject> list(@QueryParam("state") String state, @QueryParam("limit") String limit,
                                        @QueryParam("cursor") String cursor) {
        if (state != null) {
            try {
                QuarantineState.fromWireName(state);
            } catch (IllegalArgumentException e) {
                throw new ValidationException("state", e.getMessage());
            }
        }
        int pageSize = Cursors.limit(limit);
        List<QuarantinedObject> rows = quarantine.list(state, Cursors.parse(cursor), pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<QuarantinedObject> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page, more ? Cursors.after(page.get(page.size() - 1).id()) : null);
    }

    @POST
    @Path("{id}/restore")
    @Operation(summary = "Put a quarantined file back at its original key; 409 if anything lives there now")
    public QuarantinedObject restore(@PathParam("id") String id, @Context SecurityContext caller) {
        return quarantine.restore(PathIds.parse(id), caller.getUserPrincipal().getName());
    }
}
