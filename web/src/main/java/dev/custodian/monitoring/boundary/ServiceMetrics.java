package dev.custodian.monitoring.boundary;

import dev.custodian.deletion.entity.KeysSettled;
import dev.custodian.monitoring.control.LedgerWatch;
import dev.custodian.monitoring.entity.LedgerFigures;
import dev.custodian.objectstore.control.StoreCallLimit;
import dev.custodian.objectstore.s3.StoreCallObserver;
import dev.custodian.scheduling.ScheduledTasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application metrics at {@code /metrics} (Prometheus text, {@code mp_scope="application"}).
 * Gauges read the ledger through {@link LedgerWatch} (cached a few seconds, so scrapes cost the
 * database little); a gauge that cannot be read (the database is down) is NaN, never an error of
 * the whole endpoint. Counters and the store's timings are this instance's own since it started.
 */
@ApplicationScoped
public class ServiceMetrics implements StoreCallObserver {

    private static final Logger LOG = Logger.getLogger(ServiceMetrics.class.getName());
    static final List<String> DELETION_STATES = List.of("queued", "running", "completed", "completed_with_errors",
            "failed");

    private final Instant started = Instant.now();

    @Inject
    MetricRegistry registry;

    @Inject
    LedgerWatch watch;

    @Inject
    StoreCallLimit storeCalls;

    void register(@Observes @Initialized(ApplicationScoped.class) Object start) {
        gauge("custodian.deletion.keys.due", "keys waiting for the drain now", MetricUnits.NONE,
                f -> f.keysDue());
        gauge("custodian.deletion.oldest.due", "how long the oldest due key has waited", MetricUnits.SECONDS,
                f -> f.oldestDue().toMillis() / 1000.0);
        gauge("custodian.deletion.keys.failed", "keys in delete_failed", MetricUnits.NONE, f -> f.keysFailed());
        gauge("custodian.deletion.keys.held", "keys Object Lock holds, tried again later", MetricUnits.NONE,
                f -> f.keysHeld());
        for (String state : DELETION_STATES) {
            gauge("custodian.deletions", "deletion requests by state", MetricUnits.NONE,
                    f -> f.deletionsByState().getOrDefault(state, 0L), new Tag("state", state));
        }
        gauge("custodian.deletions.stuck", "open deletions without progress for custodian.alerts.stuck-after",
                MetricUnits.NONE, f -> f.stuckDeletions().size());
        gauge("custodian.maintenance.orphaned.files", "orphaned files found by the last completed maintenance run"
                + " (-1: none ran)", MetricUnits.NONE, f -> f.lastOrphanedFiles());
        gauge("custodian.maintenance.orphaned.records", "orphaned records found by the last completed maintenance"
                + " run (-1: none ran)", MetricUnits.NONE, f -> f.lastOrphanedRecords());
        for (String task : ScheduledTasks.taskNames()) {
            gauge("custodian.schedule.since.success", "time since the task last succeeded anywhere in the cluster"
                    + " (since this instance started, if never)", MetricUnits.SECONDS,
                    f -> Duration.between(f.lastSucceeded().getOrDefault(task, started), f.at()).toSeconds(),
                    new Tag("task", task));
        }
        registry.gauge(Metadata.builder().withName("custodian.store.in.flight.limit").withDescription(
                "deletion store calls this instance may have in flight now: custodian.deletion.parallelism, halved"
                        + " by each slow-down of the store").withUnit(MetricUnits.NONE).build(),
                storeCalls, StoreCallLimit::limit);
        registry.gauge(Metadata.builder().withName("custodian.store.slow.downs").withDescription(
                "deletion store calls the store throttled (SlowDown, 429) since this instance started")
                .withUnit(MetricUnits.NONE).build(), storeCalls, StoreCallLimit::slowDowns);
        LOG.fine("custodian metrics registered");
    }

    private void gauge(String name, String description, String unit, Function<LedgerFigures, Number> figure,
                       Tag... tags) {
        Metadata metadata = Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
        registry.gauge(metadata, watch, w -> read(w, figure), tags);
    }

    private static Double read(LedgerWatch watch, Function<LedgerFigures, Number> figure) {
        try {
            return figure.apply(watch.current()).doubleValue();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "a gauge could not be read", e);
            return Double.NaN;
        }
    }

    void settled(@Observes KeysSettled batch) {
        registry.counter("custodian.deletion.keys.deleted").inc(batch.deleted());
        registry.counter(Metadata.builder().withName("custodian.deletion.reclaimed").withUnit(MetricUnits.BYTES)
                .build()).inc(batch.bytesReclaimed());
        registry.counter("custodian.deletion.key.failures").inc(batch.failed());
    }

    @Override
    public void observed(String operation, long nanos, String errorCode) {
        Tag op = new Tag("operation", operation);
        registry.timer("custodian.store.requests", op).update(Duration.ofNanos(nanos));
        if (errorCode != null) {
            registry.counter("custodian.store.errors", op, new Tag("code", errorCode)).inc();
        }
    }
}
