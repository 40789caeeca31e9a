package dev.custodian.retention.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.deletion.boundary.DeletionRecord;
import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.deletion.control.DeletionProgress;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.retention.control.BulkCleanup;
import dev.custodian.retention.control.RetentionSettings;
import dev.custodian.retention.control.ExpiredObjects;
import dev.custodian.retention.entity.BulkCleanupReport;
import dev.custodian.retention.entity.BulkCleanupRequest;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Set;

/**
 * {@code POST /api/v1/cleanup/bulk}: the seed's request and response. A bucket-wide action, so
 * admin (or a scheduler's cron token) only. {@code retention_days} below 1 would delete clips
 * users are still downloading: only an admin may force it.
 */
@Tag(name = "Retention")
@Path("v1/cleanup")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class CleanupResource {

    @Inject
    BulkCleanup cleanup;

    @Inject
    RetentionSettings retention;

    @Inject
    DeletionWorker worker;

    @Inject
    ExpiredObjects expiredObjects;

    @Inject
    DeletionProgress progress;

    /**
     * Deletes every object whose {@code expires_at} has passed, now rather than at the next
     * quarter-hour tick: 202 with the deletion, or 204 when nothing has expired. Admin only.
     */
    @POST
    @Path("expired")
    @Operation(summary = "Delete the objects whose retention period is over now (admin); 204 when none")
    public Response expired(@Context SecurityContext caller) {
        return expiredObjects.sweep(caller.getUserPrincipal().getName())
                .map(deletion -> {
                    worker.poke();
                    return Response.accepted(DeletionRecord.of(deletion, progress)).build();
                })
                .orElseGet(() -> Response.noContent().build());
    }

    @RateLimited(RateLimitedOperation.BULK_CLEANUP)
    @POST
    @Path("bulk")
    @Allowed(Role.CRON)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Bulk cleanup of old temporary and final objects (and untracked ones a key layout attributes,"
            + " on request), at most max_delete (default custodian.cleanup.max-delete); admin or cron; a dry run"
            + " unless dry_run is false; retention_days defaults to custodian.retention.final-days")
    public BulkCleanupReport bulk(JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations,
                Set.of("retention_days", "dry_run", "include_untracked", "force", "max_delete"));
        Long days = json.integer("retention_days");
        Boolean dryRun = json.bool("dry_run");
        Boolean includeUntracked = json.bool("include_untracked");
        Boolean force = json.bool("force");
        Long maxDelete = json.integer("max_delete");
        violations.throwIfAny();
        BulkCleanupRequest request = BulkCleanupRequest.of(days, dryRun, includeUntracked, force,
                caller.isUserInRole(Role.ADMIN.wireName()), maxDelete, (int) retention.finalRetention().toDays());
        BulkCleanupReport report = cleanup.run(request, caller.getUserPrincipal().getName());
        if (!report.dryRun()) {
            worker.poke();
        }
        return report;
    }
}
