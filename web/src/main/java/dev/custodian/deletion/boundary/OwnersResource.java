package dev.custodian.deletion.boundary;

import dev.custodian.api.QueryFlags;
import dev.custodian.api.Reasons;
import dev.custodian.deletion.control.DeletionPlanner;
import dev.custodian.deletion.control.DeletionProgress;
import dev.custodian.deletion.control.DeletionRequests;
import dev.custodian.deletion.control.ProjectComparison;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ProjectFiles;
import dev.custodian.deletion.entity.ProjectVerification;
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

    @Inject
    DeletionRequests requests;

    @Inject
    DeletionPlanner planner;

    @Inject
    ProjectComparison comparison;

    @Inject
    DeletionProgress progress;

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

    @GET
    @Path("projects/{project_id}/files")
    @Operation(summary = "A project's files: the ledger against the bucket")
    public ProjectFiles files(@PathParam("project_id") String projectId, @QueryParam("user_id") String userId) {
        return comparison.files(projectId, projectScope(projectId, userId));
    }

    @GET
    @Path("projects/{project_id}/verify")
    @Operation(summary = "Whether anything of a project is left, in the bucket or the ledger")
    public ProjectVerification verify(@PathParam("project_id") String projectId,
                                      @QueryParam("user_id") String userId) {
        return comparison.verify(projectId, projectScope(projectId, userId));
    }

    private DeletionScope projectScope(String projectId, String userId) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "project_id", projectId);
        Identifiers.optionalId(violations, "user_id", userId);
        violations.throwIfAny();
        return requests.resolveOwner(DeletionScope.project(projectId, userId));
    }
}
