package dev.custodian.scheduling.control;

import dev.custodian.persistence.LedgerSql;
import dev.custodian.scheduling.entity.TickOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The rule that a scheduled task runs once per tick however many instances share the database.
 * A tick is the task's name and the scheduled minute it stands for; every instance's timer fires,
 * the first to insert the tick's row runs it and the others skip. Each call is its own
 * transaction, so a claim is visible to the others before the work begins.
 *
 * <p>An instance that dies mid-run leaves its tick {@link TickOutcome#RUNNING running}: that tick is lost, as it would
 * be on a single instance, and the next tick runs as usual (what is due lives in the ledger).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ClusterTicks {

    /** How long tick rows are kept; each task's latest success is kept whatever its age. */
    static final Duration KEEP = Duration.ofDays(7);

    @Inject
    LedgerSql sql;

    /** True when this instance won the tick and should run it now; also prunes old ticks. */
    public boolean claim(String task, Instant tick, UUID instance) {
        boolean won = sql.update("""
                INSERT INTO scheduled_run (task, tick, instance_id, started_at, outcome)
                VALUES (?, ?, ?, now(), %s)
                ON CONFLICT (task, tick) DO NOTHING
                """.formatted(quoted(TickOutcome.RUNNING)), s -> {
            s.setString(1, task);
            s.setObject(2, utc(tick));
            s.setObject(3, instance);
        }) == 1;
        if (won) {
            prune(task, tick.minus(KEEP));
        }
        return won;
    }

    public void succeeded(String task, Instant tick, String detail) {
        finish(task, tick, TickOutcome.SUCCEEDED, detail);
    }

    public void failed(String task, Instant tick, String detail) {
        finish(task, tick, TickOutcome.FAILED, detail);
    }

    /** When each task that ever succeeded last did so (the end of its latest successful tick). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Instant> lastSucceeded() {
        return sql.query("""
                SELECT task, max(finished_at) FROM scheduled_run WHERE outcome = %s GROUP BY task ORDER BY task
                """.formatted(quoted(TickOutcome.SUCCEEDED)), s -> { }, rows -> {
            Map<String, Instant> last = new LinkedHashMap<>();
            while (rows.next()) {
                last.put(rows.getString(1), rows.getTimestamp(2).toInstant());
            }
            return last;
        });
    }

    private void finish(String task, Instant tick, TickOutcome outcome, String detail) {
        sql.update("""
                UPDATE scheduled_run SET finished_at = now(), outcome = ?, detail = ? WHERE task = ? AND tick = ?
                """, s -> {
            s.setString(1, outcome.wireName());
            s.setString(2, detail);
            s.setString(3, task);
            s.setObject(4, utc(tick));
        });
    }

    private void prune(String task, Instant before) {
        sql.update("""
                DELETE FROM scheduled_run r
                 WHERE r.task = ? AND r.tick < ?
                   AND (r.outcome <> %1$s
                        OR EXISTS (SELECT 1 FROM scheduled_run n
                                    WHERE n.task = r.task AND n.outcome = %1$s AND n.tick > r.tick))
                """.formatted(quoted(TickOutcome.SUCCEEDED)), s -> {
            s.setString(1, task);
            s.setObject(2, utc(before));
        });
    }

    /** An explicit offset: the tick is the same row whatever an instance's default time zone. */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
