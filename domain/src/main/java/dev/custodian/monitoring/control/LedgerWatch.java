package dev.custodian.monitoring.control;

import dev.custodian.configuration.DurationSetting;
import dev.custodian.deletion.entity.DeletionRequest.SweepState;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.monitoring.entity.LedgerFigures;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.run.entity.RunState;
import dev.custodian.scheduling.control.ClusterTicks;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The pipeline's figures for metrics and alerts, read from the ledger with indexed queries and
 * kept for {@link #FRESH}: a scrape of every gauge costs the database one set of queries, however
 * many gauges and scrapers there are.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LedgerWatch {

    static final String STUCK_AFTER = "custodian.alerts.stuck-after";
    static final Duration FRESH = Duration.ofSeconds(5);

    /** A deletion none of whose keys changed for this long, while it is open, is stuck. */
    @Inject
    @ConfigProperty(name = STUCK_AFTER, defaultValue = "PT15M")
    String stuckAfterText;

    @Inject
    LedgerSql sql;

    @Inject
    ClusterTicks ticks;

    private Duration stuckAfter;
    private volatile LedgerFigures last;

    @PostConstruct
    void check() {
        stuckAfter = DurationSetting.positive(STUCK_AFTER, stuckAfterText);
    }

    public Duration stuckAfter() {
        return stuckAfter;
    }

    public LedgerFigures current() {
        LedgerFigures figures = last;
        if (figures == null || figures.at().plus(FRESH).isBefore(Instant.now())) {
            synchronized (this) {
                figures = last;
                if (figures == null || figures.at().plus(FRESH).isBefore(Instant.now())) {
                    figures = read(Instant.now());
                    last = figures;
                }
            }
        }
        return figures;
    }

    private LedgerFigures read(Instant now) {
        long[] keys = sql.query("select (select count(*) from stored_object where state = " + quoted(ObjectState.DELETING)
                + " and next_attempt_at <= ?), (select coalesce(extract(epoch from ? - min(next_attempt_at)) * 1000, 0)"
                + " from stored_object where state = " + quoted(ObjectState.DELETING) + " and next_attempt_at <= ?),"
                + " (select count(*) from stored_object where state = " + quoted(ObjectState.DELETE_FAILED) + "),"
                + " (select count(*) from stored_object where state = " + quoted(ObjectState.HELD) + ")", s -> {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                }, rows -> {
                    rows.next();
                    return new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)};
                });
        Map<String, Long> byState = sql.query("select state, count(*) from deletion_request group by state"
                + " order by state", s -> { }, rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                    return counts;
                });
        Instant quietSince = now.minus(stuckAfter);
        // a held deletion is still being filled (a sweep, a bulk cleanup): its filler reports on it
        List<UUID> stuck = sql.query("select id from deletion_request where state in ("
                + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ") and sweep_state <> "
                + quoted(SweepState.HELD) + " and coalesce(progressed_at, created_at) < ?"
                + " order by created_at limit 100", s -> s.setTimestamp(1, Timestamp.from(quietSince)), rows -> {
                    List<UUID> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                    return ids;
                });
        // the time a run ended is coalesced: a row without one must not hide the figures (or fail them)
        LedgerFigures.LastMaintenance maintenance = sql.query("select id, coalesce(finished_at, created_at), orphans,"
                + " missing from maintenance_run where state = " + quoted(RunState.COMPLETED)
                + " order by coalesce(finished_at, created_at) desc limit 1", s -> { },
                rows -> rows.next() ? new LedgerFigures.LastMaintenance(rows.getObject(1, UUID.class),
                        rows.getTimestamp(2).toInstant(), rows.getLong(3), rows.getLong(4)) : null);
        return new LedgerFigures(now, keys[0], Duration.ofMillis(keys[1]), keys[2], keys[3], byState, stuck, maintenance,
                ticks.lastSucceeded());
    }
}
