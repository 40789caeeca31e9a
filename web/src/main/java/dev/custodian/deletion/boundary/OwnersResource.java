package dev.custodian.deletion.boundary;

import dev.custodian.api.QueryFlags;
import dev.custodian.api.Reasons;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.control.DeletionPlanner;
import dev.custodian.deletion.control.DeletionProgress;
import dev.custodian.deletion.control.DeletionRequests;
import dev.custodian.deletion.control.OwnerKeys;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Deleting owners (users, projects, scenes) and looking at what the bucket holds of a project.
 * A delete answers 202 at once with the deletion; the worker does the rest. An unknown owner is
 * not a 404: it gets a deletion of zero tracked objects (and is still swept), so apps may retry.
 */
@Tag(name = "Owners")
@Path("v1")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.APP)
public class OwnersResource {

    /** The most keys each list of the project views shows. */
    static final int VIEW_LIMIT = 10_000;

    @Inject
    DeletionRequests requests;

    @Inject
    DeletionPlanner planner;

    @Inject
    DeletionLedger ledger;

    @Inject
    DeletionProgress progress;

    @Inject
    OwnerKeys ownerKeys;

    @Inject
    ObjectStore store;

    @Inject
    DeletionWorker worker;

    @RateLimited(RateLimitedOperation.OWNER_DELETIONS)
    @DELETE
    @Path("users/{user_id}")
    @Operation(summary = "Delete a user's objects (202), plan it (dry_run) or forget the records (records_only, admin)")
    public Response deleteUser(@PathParam("user_id") String userId, @QueryParam("dry_run") String dryRun,
                               @QueryParam("records_only") String recordsOnly, @QueryParam("reason") String reason,
                               @Context SecurityContext caller) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "user_id", userId);
        violations.throwIfAny();
        return delete(DeletionScope.user(userId), dryRun, recordsOnly, reason, caller);
    }

    /**
     * {@code user_id} names whose project it is; without it, a project the ledger knows under
     * several users is refused (409 {@code ambiguous-owner}), never guessed.
     */
    @RateLimited(RateLimitedOperation.OWNER_DELETIONS)
    @DELETE
    @Path("projects/{project_id}")
    @Operation(summary = "Delete a project's objects (202), plan it (dry_run) or forget the records (records_only, admin)")
    public Response deleteProject(@PathParam("project_id") String projectId, @QueryParam("user_id") String userId,
                                  @QueryParam("dry_run") String dryRun, @QueryParam("records_only") String recordsOnly,
                                  @QueryParam("reason") String reason, @Context SecurityContext caller) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "project_id", projectId);
        Identifiers.optionalId(violations, "user_id", userId);
        violations.throwIfAny();
        return delete(DeletionScope.project(projectId, userId), dryRun, recordsOnly, reason, caller);
    }

    @RateLimited(RateLimitedOperation.OWNER_DELETIONS)
    @DELETE
    @Path("projects/{project_id}/scenes/{scene_id}")
    @Operation(summary = "Delete a scene's objects (202), plan it (dry_run) or forget the records (records_only, admin)")
    public Response deleteScene(@PathParam("project_id") String projectId, @PathParam("scene_id") String sceneId,
                                @QueryParam("user_id") String userId, @QueryParam("dry_run") String dryRun,
                                @QueryParam("records_only") String recordsOnly, @QueryParam("reason") String reason,
                                @Context SecurityContext caller) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "project_id", projectId);
        Identifiers.requireId(violations, "scene_id", sceneId);
        Identifiers.optionalId(violations, "user_id", userId);
        violations.throwIfAny();
        return delete(DeletionScope.scene(projectId, sceneId, userId), dryRun, recordsOnly, reason, caller);
    }

    private Response delete(DeletionScope scope, String dryRunText, String recordsOnlyText, String reasonText,
                            SecurityContext caller) {
        boolean dryRun = QueryFlags.flag("dry_run", dryRunText);
        boolean recordsOnly = QueryFlags.flag("records_only", recordsOnlyText);
        String reason = Reasons.of(reasonText, "owner deleted through the API");
        if (dryRun) {
            return Response.ok(planner.plan(scope)).build();
        }
        String actor = caller.getUserPrincipal().getName();
        DeletionRequest request;
        if (recordsOnly) {
            if (!caller.isUserInRole(Role.ADMIN.wireName())) {
                throw new ForbiddenException("records_only forgets records without deleting: admin only");
            }
            request = requests.forgetOwnerRecords(scope, reason, actor);
        } else {
            request = requests.requestOwner(scope, reason, actor);
            worker.poke();
        }
        return Response.accepted(DeletionRecord.of(request, progress)).build();
    }

    /** The ledger against the bucket for one project: what each side holds, and where they differ. */
    public record ProjectFiles(String projectId, List<String> tracked, List<String> inBucket, List<String> onlyTracked,
                               List<String> onlyInBucket, List<String> ambiguous, boolean truncated) {
    }

    @GET
    @Path("projects/{project_id}/files")
    @Operation(summary = "A project's files: the ledger against the bucket")
    public ProjectFiles files(@PathParam("project_id") String projectId, @QueryParam("user_id") String userId) {
        DeletionScope scope = projectScope(projectId, userId);
        var live = ledger.liveRows(scope, store.bucket(), VIEW_LIMIT);
        Set<String> tracked = new LinkedHashSet<>();
        live.rows().forEach(row -> tracked.add(row.key()));
        Set<String> inBucket = new LinkedHashSet<>();
        List<String> ambiguous = new ArrayList<>();
        boolean[] truncated = {live.count() > tracked.size()};
        ownerKeys.list(scope, info -> {
            if (inBucket.size() < VIEW_LIMIT) {
                inBucket.add(info.key());
            } else {
                truncated[0] = true;
            }
        }, key -> {
            if (ambiguous.size() < VIEW_LIMIT) {
                ambiguous.add(key);
            }
        });
        List<String> onlyTracked = tracked.stream().filter(k -> !inBucket.contains(k)).toList();
        List<String> onlyInBucket = inBucket.stream().filter(k -> !tracked.contains(k)).toList();
        return new ProjectFiles(projectId, List.copyOf(tracked), List.copyOf(inBucket), onlyTracked, onlyInBucket,
                ambiguous, truncated[0]);
    }

    /** Whether anything of the project is left: keys in the bucket, or live records. */
    public record ProjectVerification(String projectId, List<String> remainingKeys, long remainingRecords,
                                      boolean isClean) {
    }

    @GET
    @Path("projects/{project_id}/verify")
    @Operation(summary = "Whether anything of a project is left, in the bucket or the ledger")
    public ProjectVerification verify(@PathParam("project_id") String projectId,
                                      @QueryParam("user_id") String userId) {
        DeletionScope scope = projectScope(projectId, userId);
        List<String> remaining = new ArrayList<>();
        ownerKeys.list(scope, info -> {
            if (remaining.size() < DeletionPlanner.LISTED) {
                remaining.add(info.key());
            }
        }, key -> { });
        long records = ledger.liveRows(scope, store.bucket(), 0).count();
        return new ProjectVerification(projectId, remaining, records, remaining.isEmpty() && records == 0);
    }

    private DeletionScope projectScope(String projectId, String userId) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "project_id", projectId);
        Identifiers.optionalId(violations, "user_id", userId);
        violations.throwIfAny();
        return requests.resolveOwner(DeletionScope.project(projectId, userId));
    }
}
