package dev.custodian.outbox.control;

import dev.custodian.outbox.entity.DeliveryState;
import dev.custodian.persistence.LedgerSql;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The rows of one outbox table ({@code webhook_delivery}, {@code mail_outbox}): {@code pending}
 * until {@code delivered}, or {@code failed} once the backoff gives up. A claim is a lease: it
 * moves the row's {@code next_attempt_at} past the lease and counts the attempt, so a worker that
 * dies mid-send leaves the row due again later, and instances claim side by side
 * ({@code SKIP LOCKED}).
 */
public final class OutboxRows {

    /** The due rows' ids, oldest due first, locked; parameters: now, limit. Format with the table name. */
    private static final String DUE_IDS = "SELECT id FROM %s WHERE state = " + quoted(DeliveryState.PENDING) + " AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final int MAX_ERROR = 500;

    private final String table;
    private final boolean recordsStatus;

    /** @param recordsStatus whether the table keeps the receiver's answer in {@code last_status} */
    public OutboxRows(String table, boolean recordsStatus) {
        this.table = table;
        this.recordsStatus = recordsStatus;
    }

    /**
     * Claims up to {@code limit} due rows, oldest due first, leased until {@code leaseUntil}, and
     * reads each with {@code row}.
     *
     * @param from      what follows the claim's {@code UPDATE table SET ...}: {@code FROM} joins, if
     *                  any, and a {@code WHERE} ending in {@code id IN}; then the subquery of due ids
     * @param returning the columns the reader reads, as {@code RETURNING} lists them
     */
    public <T> List<T> claim(LedgerSql sql, String alias, String from, String returning, Instant now,
                             Instant leaseUntil, int limit, LedgerSql.Reader<T> row) {
        return sql.query("UPDATE " + table + " " + alias + " SET next_attempt_at = ?, attempts = " + alias
                + ".attempts + 1 " + from + " (" + DUE_IDS.formatted(table) + ") RETURNING " + returning, s -> {
            s.setTimestamp(1, Timestamp.from(leaseUntil));
            s.setTimestamp(2, Timestamp.from(now));
            s.setInt(3, limit);
        }, rows -> {
            List<T> claimed = new ArrayList<>();
            while (rows.next()) {
                claimed.add(row.read(rows));
            }
            return claimed;
        });
    }

    /**
     * Records one attempt's outcome: delivered, or due again when the backoff says, or failed for
     * good when it gives up; returns when it is tried again (null: delivered or given up). A row
     * removed meanwhile (its webhook was deleted) has nothing to record.
     */
    public Instant record(LedgerSql sql, long id, int attempts, boolean delivered, Integer status, String error,
                          OutboxBackoff backoff) {
        Instant now = Instant.now();
        Instant retryAt = delivered ? null : backoff.next(attempts, now).orElse(null);
        DeliveryState state = delivered ? DeliveryState.DELIVERED
                : retryAt == null ? DeliveryState.FAILED : DeliveryState.PENDING;
        sql.update("UPDATE " + table + " SET state = ?, next_attempt_at = ?, last_error = ?, delivered_at = ?"
                + (recordsStatus ? ", last_status = ?" : "") + " WHERE id = ? AND state = " + quoted(DeliveryState.PENDING), s -> {
            s.setString(1, state.wireName());
            s.setTimestamp(2, retryAt == null ? null : Timestamp.from(retryAt));
            s.setString(3, error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR));
            s.setTimestamp(4, delivered ? Timestamp.from(now) : null);
            int next = 5;
            if (recordsStatus) {
                if (status == null) {
                    s.setNull(next++, Types.INTEGER);
                } else {
                    s.setInt(next++, status);
                }
            }
            s.setLong(next, id);
        });
        return retryAt;
    }

    /** Drops delivered and failed rows created before {@code before}; returns how many. */
    public int prune(LedgerSql sql, Instant before) {
        return sql.update("DELETE FROM " + table + " WHERE state <> " + quoted(DeliveryState.PENDING) + " AND created_at < ?",
                s -> s.setTimestamp(1, Timestamp.from(before)));
    }
}
