package dev.custodian.batch.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.ledger.control.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Service instances with their heartbeats, and which instance runs which batch execution. Payara's
 * job repository ({@code jbatch…} tables in the same database) has no owner column; without this,
 * an execution of a killed process would stay STARTED for ever and could never be restarted.
 */
@ApplicationScoped
@Transactional
public class BatchOwnership {

    private static final String RUNNING = "('STARTING', 'STARTED', 'STOPPING')";

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    public void register(UUID instance, String host) {
        sql.update("""
                INSERT INTO service_instance (id, host, started_at, heartbeat_at) VALUES (?, ?, now(), now())
                """, s -> {
            s.setObject(1, instance);
            s.setString(2, host);
        });
    }

    public void heartbeat(UUID instance) {
        sql.update("UPDATE service_instance SET heartbeat_at = now() WHERE id = ?", s -> s.setObject(1, instance));
    }

    /** A clean shutdown: whatever this instance still ran is recovered by the next one at once. */
    public void leave(UUID instance) {
        sql.update("DELETE FROM service_instance WHERE id = ?", s -> s.setObject(1, instance));
    }

    public void claim(long executionId, UUID instance, String jobName) {
        sql.update("""
                INSERT INTO batch_execution_owner (execution_id, instance_id, job_name, since)
                VALUES (?, ?, ?, now())
                ON CONFLICT (execution_id) DO UPDATE SET instance_id = excluded.instance_id, since = now()
                """, s -> {
            s.setLong(1, executionId);
            s.setObject(2, instance);
            s.setString(3, jobName);
        });
    }

    public void release(long executionId) {
        sql.update("DELETE FROM batch_execution_owner WHERE execution_id = ?", s -> s.setLong(1, executionId));
    }

    /**
     * Marks FAILED every running execution whose owner has not beaten for {@code timeout} (or that
     * never got an owner within it), with its running steps, and returns them. The status update
     * is the claim: when two instances look at once, only one gets a given execution back.
     */
    public List<InterruptedExecution> failInterrupted(Duration timeout) {
        if (!repositoryExists()) {
            return List.of();
        }
        // The repository stores JVM-local wall-clock times, so the cut-off is computed the same way.
        Timestamp createdBefore = Timestamp.valueOf(LocalDateTime.now().minus(timeout));
        List<InterruptedExecution> interrupted = sql.query("""
                UPDATE jbatchexecutioninstancedata e
                   SET batchstatus = 'FAILED', exitstatus = 'INTERRUPTED', endtime = ?, updatetime = ?
                  FROM jbatchjobinstancedata i
                 WHERE e.jobinstanceid = i.jobinstanceid
                   AND e.batchstatus IN %s
                   AND e.createtime < ?
                   AND NOT EXISTS (SELECT 1
                                     FROM batch_execution_owner o
                                     JOIN service_instance s ON s.id = o.instance_id
                                    WHERE o.execution_id = e.jobexecid
                                      AND s.heartbeat_at > now() - make_interval(secs => ?))
                RETURNING e.jobexecid, i.name
                """.formatted(RUNNING), s -> {
            Timestamp now = Timestamp.valueOf(LocalDateTime.now());
            s.setTimestamp(1, now);
            s.setTimestamp(2, now);
            s.setTimestamp(3, createdBefore);
            s.setDouble(4, timeout.toMillis() / 1000.0);
        }, rows -> {
            List<InterruptedExecution> found = new ArrayList<>();
            while (rows.next()) {
                found.add(new InterruptedExecution(rows.getLong(1), rows.getString(2)));
            }
            return found;
        });
        for (InterruptedExecution execution : interrupted) {
            sql.update("""
                    UPDATE jbatchstepexecutioninstancedata SET batchstatus = 'FAILED', exitstatus = 'INTERRUPTED'
                     WHERE jobexecid = ? AND batchstatus IN %s
                    """.formatted(RUNNING), s -> s.setLong(1, execution.executionId()));
            release(execution.executionId());
            audit.record(AuditLog.SYSTEM, "batch_interrupted", null, null, null, "failed",
                    "execution " + execution.executionId() + " of " + execution.jobName()
                            + ": its instance stopped; marked FAILED to be restarted");
        }
        return interrupted;
    }

    /** Forgets owners of ended executions, and instances silent for far longer than the timeout. */
    public void forgetDeadInstances(Duration timeout) {
        if (repositoryExists()) {
            sql.update("""
                    DELETE FROM batch_execution_owner o
                     USING jbatchexecutioninstancedata e
                     WHERE e.jobexecid = o.execution_id AND e.batchstatus NOT IN %s
                    """.formatted(RUNNING), s -> { });
        }
        Instant cutOff = Instant.now().minus(timeout.multipliedBy(10));
        sql.update("""
                DELETE FROM service_instance s
                 WHERE heartbeat_at < ?
                   AND NOT EXISTS (SELECT 1 FROM batch_execution_owner o WHERE o.instance_id = s.id)
                """, s -> s.setTimestamp(1, Timestamp.from(cutOff)));
    }

    /** Payara creates its tables when the batch runtime first starts. */
    private boolean repositoryExists() {
        return sql.query("SELECT to_regclass('jbatchexecutioninstancedata') IS NOT NULL", s -> { },
                rows -> rows.next() && rows.getBoolean(1));
    }
}
