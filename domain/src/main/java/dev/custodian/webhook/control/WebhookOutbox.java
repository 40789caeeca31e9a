package dev.custodian.webhook.control;

import dev.custodian.outbox.control.OutboxBackoff;
import dev.custodian.outbox.control.OutboxRows;
import dev.custodian.outbox.entity.DeliveryState;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.webhook.entity.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/** The {@code webhook_delivery} table, an outbox of {@link OutboxRows}: claimed as leases, retried with backoff. */
@ApplicationScoped
@Transactional
public class WebhookOutbox {

    private static final String COLUMNS = "id, event_id, event_type, state, attempts, last_status, last_error,"
            + " created_at, next_attempt_at, delivered_at";
    private static final OutboxRows ROWS = new OutboxRows("webhook_delivery", true);

    @Inject
    LedgerSql sql;

    /** A claimed delivery: the body's parts and where to send it, signed with what. */
    public record Due(long id, UUID eventId, String type, String payload, Instant occurredAt, int attempts,
                      String url, String secret) {

        /** The body as sent, the same bytes on every attempt. */
        public String body() {
            return "{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"occurred_at\":\"" + occurredAt
                    + "\",\"data\":" + payload + "}";
        }

        @Override
        public String toString() {
            return "delivery " + id + " of " + type + " event " + eventId + " to " + url;
        }
    }

    /** One row per webhook subscribed to the type; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    int queue(UUID eventId, String type, String payload, Instant now) {
        return sql.update("INSERT INTO webhook_delivery (event_id, event_type, webhook_name, payload, occurred_at,"
                + " state, next_attempt_at, created_at) SELECT ?, ?, name, ?::jsonb, ?, " + quoted(DeliveryState.PENDING)
                + ", ?, ? FROM webhook"
                + " WHERE events @> jsonb_build_array(?::text)", s -> {
            s.setObject(1, eventId);
            s.setString(2, type);
            s.setString(3, payload);
            s.setTimestamp(4, Timestamp.from(now));
            s.setTimestamp(5, Timestamp.from(now));
            s.setTimestamp(6, Timestamp.from(now));
            s.setString(7, type);
        });
    }

    /** Up to {@code limit} due deliveries, oldest due first, leased until {@code now + lease}. */
    public List<Due> claim(int limit, Instant now, Instant leaseUntil) {
        return ROWS.claim(sql, "d", "FROM webhook w WHERE w.name = d.webhook_name AND d.id IN",
                "d.id, d.event_id, d.event_type, d.payload::text, d.occurred_at, d.attempts, w.url, w.secret",
                now, leaseUntil, limit, rows -> new Due(rows.getLong(1), rows.getObject(2, UUID.class),
                        rows.getString(3), rows.getString(4), rows.getTimestamp(5).toInstant(), rows.getInt(6),
                        rows.getString(7), rows.getString(8)));
    }

    /** Records one attempt's outcome (see {@link OutboxRows#record}); returns when it is tried again, if it is. */
    public Instant record(Due due, boolean delivered, Integer status, String error, OutboxBackoff backoff) {
        return ROWS.record(sql, due.id(), due.attempts(), delivered, status, error, backoff);
    }

    /** The webhook's deliveries, newest first, older than {@code beforeId} (0: from the newest). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WebhookDelivery> list(String webhook, long beforeId, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_name = ?"
                + " AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?", s -> {
            s.setString(1, webhook);
            s.setLong(2, beforeId);
            s.setLong(3, beforeId);
            s.setInt(4, limit);
        }, WebhookOutbox::deliveries);
    }

    /** Drops delivered and failed rows created before {@code before}; returns how many. */
    public int prune(Instant before) {
        return ROWS.prune(sql, before);
    }

    private static List<WebhookDelivery> deliveries(ResultSet rows) throws SQLException {
        List<WebhookDelivery> list = new ArrayList<>();
        while (rows.next()) {
            list.add(new WebhookDelivery(rows.getLong(1), rows.getObject(2, UUID.class), rows.getString(3),
                    rows.getString(4), rows.getInt(5), rows.getObject(6, Integer.class), rows.getString(7),
                    instant(rows.getTimestamp(8)), instant(rows.getTimestamp(9)), instant(rows.getTimestamp(10))));
        }
        return list;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
