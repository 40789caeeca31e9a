package dev.custodian.batch.control;

import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.RunKind;
import dev.custodian.maintenance.boundary.MaintenanceStarter;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.RunState;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * Bucket and maintenance runs that no job will ever end: they are failed with the reason, so they
 * stop blocking the runs that overlap them and say what happened. A run is stranded when the
 * instance that recorded it stopped before starting its job, or when its job's restarts were given
 * up.
 */
@ApplicationScoped
public class StrandedRuns {

    @Inject
    LedgerSql sql;

    @Inject
    BucketRuns bucketRuns;

    @Inject
    MaintenanceRuns maintenanceRuns;

    private record Stranded(String table, UUID id) {
    }

    /** Fails runs still queued without a job since before {@code before}; returns how many. */
    public int failNeverStarted(Instant before) {
        List<Stranded> stranded = sql.query("""
                SELECT 'bucket_run', id FROM bucket_run WHERE state = %1$s AND execution_id IS NULL AND created_at < ?
                UNION ALL
                SELECT 'maintenance_run', id FROM maintenance_run
                 WHERE state = %1$s AND execution_id IS NULL AND created_at < ?
                """.formatted(quoted(RunState.QUEUED)), s -> {
                    s.setTimestamp(1, Timestamp.from(before));
                    s.setTimestamp(2, Timestamp.from(before));
                }, rows -> {
                    List<Stranded> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new Stranded(rows.getString(1), rows.getObject(2, UUID.class)));
                    }
                    return found;
                });
        String why = "its job never started: the instance that recorded the run stopped first; start the run again";
        for (Stranded run : stranded) {
            if (run.table().equals("bucket_run")) {
                bucketRuns.failIfRunning(run.id(), why);
            } else {
                maintenanceRuns.failIfRunning(run.id(), why);
            }
        }
        return stranded.size();
    }

    /** The run an execution of {@code jobName} worked for (its {@code runId} parameter), failed with {@code why}. */
    public void failRunOf(String jobName, Properties parameters, String why) {
        String runId = parameters == null ? null : parameters.getProperty("runId");
        if (runId == null) {
            return;
        }
        if (jobName.equals(MaintenanceStarter.JOB)) {
            maintenanceRuns.failIfRunning(UUID.fromString(runId), why);
        } else if (Arrays.stream(RunKind.values()).anyMatch(kind -> kind.wireName().equals(jobName))) {
            bucketRuns.failIfRunning(UUID.fromString(runId), why);
        }
    }
}
