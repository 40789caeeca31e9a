package dev.custodian.monitoring.boundary;

import dev.custodian.monitoring.control.LedgerWatch;
import dev.custodian.monitoring.entity.LedgerFigures;
import dev.custodian.objectstore.control.StoreCallLimit;
import dev.custodian.scheduling.ScheduledTasks;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.threshold.control.StorageThresholds;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/admin/overview}: the pipeline at a glance, as the console's first page shows it —
 * the same figures as the metrics and the readiness alert (read through {@link LedgerWatch}, so a
 * few seconds old at most), as JSON. Admin only: the figures are the whole bucket's.
 */
@Tag(name = "Admin")
@Path("v1/admin/overview")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class OverviewResource {

    @Inject
    LedgerWatch watch;

    @Inject
    StoreCallLimit storeCalls;

    @Inject
    StorageThresholds thresholds;

    /** A scheduled task and when it last succeeded anywhere in the cluster (null: never). */
    public record Schedule(String task, Instant lastSucceeded) {
    }

    /** This instance's pace of deletion store calls: its limit now, the limit it returns to, slow-downs seen. */
    public record StoreCalls(int inFlightLimit, int ceiling, long slowDowns) {
    }

    public record Overview(Instant at, long keysDue, long oldestDueSeconds, long keysFailed, long keysHeld,
                           Map<String, Long> deletions, List<UUID> stuckDeletions, String stuckAfter,
                           String degradation, LedgerFigures.LastMaintenance lastMaintenance,
                           List<Schedule> schedules, StoreCalls storeCalls, StorageThresholds.Status storage) {
    }

    @GET
    @Operation(summary = "Keys due, failed and held (Object Lock), deletions by state and those stuck, the last"
            + " maintenance run's findings, when each scheduled task last succeeded, this instance's pace of"
            + " deletion store calls, the bucket's live bytes against the storage threshold (admin)")
    public Overview get() {
        LedgerFigures figures = watch.current();
        List<Schedule> schedules = ScheduledTasks.taskNames().stream()
                .map(task -> new Schedule(task, figures.lastSucceeded().get(task))).toList();
        return new Overview(figures.at(), figures.keysDue(), figures.oldestDue().toSeconds(), figures.keysFailed(),
                figures.keysHeld(),
                figures.deletionsByState(), figures.stuckDeletions(), watch.stuckAfter().toString(),
                figures.degradation(watch.stuckAfter()), figures.lastMaintenance(), schedules,
                new StoreCalls(storeCalls.limit(), storeCalls.ceiling(), storeCalls.slowDowns()), thresholds.status());
    }
}
