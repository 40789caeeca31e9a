package dev.custodian.quota.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.quota.entity.Quota;
import dev.custodian.quota.entity.QuotaExceededException;
import dev.custodian.quota.entity.QuotaUse;
import dev.custodian.webhook.control.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static dev.custodian.persistence.TextEnums.quoted;

/** Quotas, and the checks that keep uploads within them. */
@ApplicationScoped
@Transactional
public class Quotas {

    /** The active objects and pending claims count against a quota (an index-only scan of stored_object_user). */
    private static final String COUNTED = "state IN (" + quoted(ObjectState.ACTIVE, ObjectState.PENDING) + ")";
    private static final String USE = "SELECT count(*), coalesce(sum(size_bytes), 0) FROM stored_object"
            + " WHERE user_id = ? AND " + COUNTED;

    /** Whether the user in this column has a quota, as an SQL condition. */
    public static String anyFor(String user) {
        return "exists (select 1 from quota q where q.user_id = " + user + ")";
    }

    @Inject
    LedgerSql sql;

    @Inject
    ObjectLedger ledger;

    @Inject
    AuditLog audit;

    @Inject
    WebhookEvents webhooks;

    public void set(Quota quota) {
        sql.update("INSERT INTO quota (user_id, max_bytes, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET max_bytes = excluded.max_bytes, updated_at = excluded.updated_at",
                s -> {
                    s.setString(1, quota.userId());
                    s.setLong(2, quota.maxBytes());
                    s.setTimestamp(3, Timestamp.from(Instant.now()));
                });
    }

    /** Removes the user's quota; false if there was none. */
    public boolean remove(String userId) {
        return sql.update("DELETE FROM quota WHERE user_id = ?", s -> s.setString(1, userId)) > 0;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public QuotaUse use(String userId) {
        Long max = sql.query("SELECT max_bytes FROM quota WHERE user_id = ?", s -> s.setString(1, userId),
                r -> r.next() ? r.getLong(1) : null);
        return sql.query(USE, s -> s.setString(1, userId), r -> {
            r.next();
            return new QuotaUse(max, r.getLong(2), r.getLong(1));
        });
    }

    /** Every user with a quota, and what counts against it now. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, QuotaUse> uses() {
        return sql.query("SELECT q.user_id, q.max_bytes, count(o.id), coalesce(sum(o.size_bytes), 0) FROM quota q"
                + " LEFT JOIN stored_object o ON o.user_id = q.user_id AND o." + COUNTED
                + " GROUP BY q.user_id, q.max_bytes ORDER BY q.user_id", s -> { }, rows -> {
            Map<String, QuotaUse> uses = new LinkedHashMap<>();
            while (rows.next()) {
                uses.put(rows.getString(1), new QuotaUse(rows.getLong(2), rows.getLong(4), rows.getLong(3)));
            }
            return uses;
        });
    }

    /**
     * Inserts the pending claim of a new object if it fits the owner's quota, else refuses with
     * nothing inserted; a live record holding the key is a {@code KeyConflictException}. The quota
     * row stays locked until the claim commits, so the next claim of the same user sees this one in
     * its sum.
     */
    public StoredObject claim(StoredObject pending) {
        lockedQuota(pending.userId()).ifPresent(quota -> quota.requireRoom(used(pending.userId()),
                sizeOf(pending)));
        return ledger.claimUpload(pending);
    }

    /**
     * Checks that replacing an object's content with {@code newBytes} fits. The quota row stays
     * locked until the caller's transaction ends, in which the record reserves the larger size.
     */
    public void admitReplacement(String userId, long oldBytes, long newBytes) {
        lockedQuota(userId).ifPresent(quota -> quota.requireRoom(used(userId), newBytes - oldBytes));
    }

    /**
     * A refused upload, in the audit trail and as the {@code quota.exceeded} event; its own
     * transaction, since the refused claim's rolls back.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordRefusal(QuotaExceededException refusal, String key) {
        audit.record(AuditLog.SYSTEM, "quota_exceeded", null, null, key, "refused", refusal.getMessage());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", refusal.userId());
        data.put("key", key);
        data.put("max_bytes", refusal.maxBytes());
        data.put("used_bytes", refusal.usedBytes());
        data.put("attempted_bytes", refusal.requestedBytes());
        webhooks.publish("quota.exceeded", data);
    }

    private Optional<Quota> lockedQuota(String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        return sql.query("SELECT max_bytes FROM quota WHERE user_id = ? FOR UPDATE", s -> s.setString(1, userId),
                r -> r.next() ? Optional.of(new Quota(userId, r.getLong(1))) : Optional.empty());
    }

    private long used(String userId) {
        return sql.query(USE, s -> s.setString(1, userId), r -> {
            r.next();
            return r.getLong(2);
        });
    }

    private static long sizeOf(StoredObject object) {
        return object.sizeBytes() == null ? 0 : object.sizeBytes();
    }
}
