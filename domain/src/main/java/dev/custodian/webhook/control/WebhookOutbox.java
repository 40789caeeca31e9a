package dev.custodian.webhook.control;

import dev.custodian.persistence.LedgerSql;
import dev.custodian.webhook.entity.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code webhook_delivery} table. A claim is a lease: it moves the row's
 * {@code next_attempt_at} past the lease and counts the attempt, so a worker that dies mid-post
 * leaves the row due again later, and several instances claim side by side ({@code SKIP LOCKED}).
 */
@ApplicationScoped
@Transactional
public class WebhookOutbox {

    private static final String COLUMNS = "id, event_id, event_type, state, attempts, last_status, last_error,"
            + " created_at, next_attempt_at, delivered_at";
    private static final int MAX_ERROR = 500;

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
                + " state, next_attempt_at, created_at) SELECT ?, ?, name, ?::jsonb, ?, 'pending', ?, ? FROM webhook"
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
        return sql.query("UPDATE webhook_delivery d SET next_attempt_at = ?, attempts = d.attempts + 1"
                + " FROM webhook w WHERE w.name = d.webhook_name AND d.id IN (SELECT id FROM webhook_delivery"
                + " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?"
                + " FOR UPDATE SKIP LOCKED) RETURNING d.id, d.event_id, d.event_type, d.payload::text,"
                + " d.occurred_at, d.attempts, w.url, w.secret", s -> {
            s.setTimestamp(1, Timestamp.from(leaseUntil));
            s.setTimestamp(2, Timestamp.from(now));
            s.setInt(3, limit);
        }, rows -> {
            List<Due> due = new ArrayList<>();
            while (rows.next()) {
                due.add(new Due(rows.getLong(1), rows.getObject(2, UUID.class), rows.getString(3), rows.getString(4),
                        rows.getTimestamp(5).toInstant(), rows.getInt(6), rows.getString(7), rows.getString(8)));
            }
            return due;
        });
    }

    /**
     * Records one attempt's outcome: delivered, or due again at {@code retryAt}, or (with no
     * {@code retryAt}) failed for good. A row whose webhook was deleted meanwhile is gone: nothing to record.
     */
    public void record(long id, boolean delivered, Integer status, String error, Instant retryAt, Instant now) {
        String state = delivered ? "delivered" : retryAt == null ? "failed" : "pending";
        sql.update("UPDATE webhook_delivery SET state = ?, next_attempt_at = ?, last_status = ?, last_error = ?,"
                + " delivered_at = ? WHERE id = ? AND state = 'pending'", s -> {
            s.setString(1, state);
            s.setTimestamp(2, delivered || retryAt == null ? null : Timestamp.from(retryAt));
            if (status == null) {
                s.setNull(3, Types.INTEGER);
            } else {
                s.setInt(3, status);
            }
            s.setString(4, error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR));
            s.setTimestamp(5, delivered ? Timestamp.from(now) : null);
            s.setLong(6, id);
        });
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
        return sql.update("DELETE FROM webhook_delivery WHERE state <> 'pending' AND created_at < ?",
                s -> s.setTimestamp(1, Timestamp.from(before)));
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
