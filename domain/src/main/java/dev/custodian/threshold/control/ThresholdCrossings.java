package dev.custodian.threshold.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.threshold.entity.ThresholdRule;
import dev.custodian.webhook.control.WebhookEvents;
import dev.custodian.webhook.entity.WebhookEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The {@code threshold_crossing} table and what is measured against it; every method is a short
 * transaction of its own, so a claim is seen by the other instances before the cleanup starts.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ThresholdCrossings {

    /** The actor of everything a crossing does: its audit events and its cleanup. */
    public static final String ACTOR = "threshold";

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    @Inject
    WebhookEvents events;

    /** The bytes of the bucket's active objects. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long liveBytes(String bucket) {
        return sql.query("SELECT coalesce(sum(size_bytes), 0) FROM stored_object WHERE bucket = ? AND state = " + quoted(ObjectState.ACTIVE),
                s -> s.setString(1, bucket), rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /** When each crossed scope was crossed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Instant> crossed() {
        return sql.query("SELECT scope, crossed_at FROM threshold_crossing", s -> { }, rows -> {
            Map<String, Instant> crossed = new HashMap<>();
            while (rows.next()) {
                crossed.put(rows.getString(1), rows.getTimestamp(2).toInstant());
            }
            return crossed;
        });
    }

    /** True when this call recorded the crossing (it then starts the cleanup); false when another instance did. */
    public boolean claim(String scope, String userId, long bytes, ThresholdRule rule) {
        return sql.update("INSERT INTO threshold_crossing (scope, user_id, live_bytes, threshold_bytes, rearm_bytes,"
                + " crossed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope) DO NOTHING", s -> {
            s.setString(1, scope);
            s.setString(2, userId);
            s.setLong(3, bytes);
            s.setLong(4, rule.limitBytes());
            s.setLong(5, rule.rearmBytes());
            s.setTimestamp(6, Timestamp.from(Instant.now()));
        }) == 1;
    }

    /** Arms the scope's threshold again (audited once, by whichever instance removes the row). */
    public void rearm(String scope, long bytes, String why) {
        if (sql.update("DELETE FROM threshold_crossing WHERE scope = ?", s -> s.setString(1, scope)) == 1) {
            audit.record(ACTOR, "threshold_rearmed", null, null, null, "armed", scope + " at " + bytes + " bytes: "
                    + why);
        }
    }

    /** Audits the crossing and announces it ({@code storage.threshold_crossed}, and so by mail) in one transaction. */
    public void announce(String scope, UUID deletionId, String outcome, String detail, Map<String, Object> data) {
        audit.record(ACTOR, "threshold_crossed", deletionId, null, null, outcome, scope + ": " + detail);
        events.publish(WebhookEventType.THRESHOLD_CROSSED.wireName(), data);
    }
}
