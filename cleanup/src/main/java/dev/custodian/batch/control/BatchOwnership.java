package dev.custodian.batch.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.persistence.LedgerSql;
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
 * Service instances with their heartbeats, which instance runs which batch execution, and the
 * restarts of executions whose instance died. Payara's job repository ({@code jbatch…} tables in
 * the same database) has no owner column; without this, an execution of a killed process would
 * stay STARTED for ever and could never be restarted.
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
     * Fails the running executions of dead instances and queues their restart, in one
     * transaction; returns how many. An instance is dead when its liveness lock is free (see
     * {@link InstanceLock}): a process that merely pauses keeps its connection and its lock, and an
     * execution still queued has its owner from the moment it was submitted. The conditional
     * status update is the claim: when two instances look at once, one gets a given execution.
     * An execution that was stopping is marked STOPPED instead, and not restarted.
     */
    public int failInterrupted(Duration silence) {
        if (!repositoryExists()) {
            return 0;
        }
        Timestamp now = Timestamp.valueOf(LocalDateTime.now()); // the repository's JVM-local wall clock
        List<InterruptedExecution> interrupted = sql.query("""
                UPDATE jbatchexecutioninstancedata e
                   SET batchstatus = CASE WHEN e.batchstatus = 'STOPPING' THEN 'STOPPED' ELSE 'FAILED' END,
                       exitstatus = 'INTERRUPTED', endtime = ?, updatetime = ?
                  FROM jbatchjobinstancedata i, batch_execution_owner o
                 WHERE e.jobinstanceid = i.jobinstanceid
                   AND o.execution_id = e.jobexecid
                   AND e.batchstatus IN %s
                   AND NOT EXISTS (SELECT 1 FROM service_instance si WHERE si.id = o.instance_id
                                      AND si.heartbeat_at > ?)
                   AND %s
                RETURNING e.jobexecid, i.name, e.batchstatus
                """.formatted(RUNNING, InstanceLock.isFree("o.instance_id")), s -> {
            s.setTimestamp(1, now);
            s.setTimestamp(2, now);
            // a free lock alone is not death: a database restart frees every instance's lock at
            // once, and each takes it again only at its next beat, while its heartbeat goes on
            s.setTimestamp(3, Timestamp.from(Instant.now().minus(silence)));
        }, rows -> {
            List<InterruptedExecution> found = new ArrayList<>();
            while (rows.next()) {
                found.add(new InterruptedExecution(rows.getLong(1), rows.getString(2),
                        "FAILED".equals(rows.getString(3))));
            }
            return found;
        });
        for (InterruptedExecution execution : interrupted) {
            sql.update("""
                    UPDATE jbatchstepexecutioninstancedata SET batchstatus = 'FAILED', exitstatus = 'INTERRUPTED'
                     WHERE jobexecid = ? AND batchstatus IN %s
                    """.formatted(RUNNING), s -> s.setLong(1, execution.executionId()));
            release(execution.executionId());
            if (execution.restart()) {
                sql.update("""
                        INSERT INTO batch_restart (execution_id, job_name, due_at) VALUES (?, ?, now())
                        ON CONFLICT (execution_id) DO NOTHING
                        """, s -> {
                    s.setLong(1, execution.executionId());
                    s.setString(2, execution.jobName());
                });
            }
            audit.record(AuditLog.SYSTEM, "batch_interrupted", null, null, null, "failed",
                    "execution " + execution.executionId() + " of " + execution.jobName() + ": its instance stopped; "
                            + (execution.restart() ? "marked FAILED to be restarted" : "it was stopping: marked STOPPED"));
        }
        return interrupted.size();
    }

    /**
     * Takes the restarts that are due, each for {@code lease} (nobody else tries it meanwhile) and
     * counting as an attempt. Restarts out of attempts are not taken again.
     */
    public List<PendingRestart> takeDueRestarts(int maxAttempts, Duration lease) {
        return sql.query("""
                UPDATE batch_restart r SET attempts = r.attempts + 1, due_at = now() + make_interval(secs => ?)
                 WHERE r.execution_id IN (SELECT execution_id FROM batch_restart
                                           WHERE due_at <= now() AND attempts < ?
                                             FOR UPDATE SKIP LOCKED)
                RETURNING r.execution_id, r.job_name, r.attempts
                """, s -> {
            s.setDouble(1, lease.toMillis() / 1000.0);
            s.setInt(2, maxAttempts);
        }, rows -> {
            List<PendingRestart> due = new ArrayList<>();
            while (rows.next()) {
                due.add(new PendingRestart(rows.getLong(1), rows.getString(2), rows.getInt(3)));
            }
            return due;
        });
    }

    /** The restart is done: it is no longer pending. */
    public void restarted(PendingRestart restart, String how) {
        sql.update("DELETE FROM batch_restart WHERE execution_id = ?", s -> s.setLong(1, restart.executionId()));
        audit.record(AuditLog.SYSTEM, "batch_restarted", null, null, null, "restarted", "execution "
                + restart.executionId() + " of " + restart.jobName() + " " + how + " (attempt " + restart.attempt() + ")");
    }

    /** The restart failed: it is tried again once its lease has passed, while attempts remain. */
    public void restartFailed(PendingRestart restart, String error, boolean lastAttempt) {
        sql.update("UPDATE batch_restart SET last_error = ? WHERE execution_id = ?", s -> {
            s.setString(1, error);
            s.setLong(2, restart.executionId());
        });
        audit.record(AuditLog.SYSTEM, "batch_restart_failed", null, null, null, lastAttempt ? "abandoned" : "retrying",
                "execution " + restart.executionId() + " of " + restart.jobName() + ", attempt " + restart.attempt()
                        + ": " + error);
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
