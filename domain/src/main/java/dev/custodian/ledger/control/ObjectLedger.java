package dev.custodian.ledger.control;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.ObjectTransition;
import dev.custodian.persistence.Clause;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_PARKED;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The ledger's rows, written event by event, each event's rule from {@link ObjectTransition}:
 * adoption of bytes already in the bucket, the moves into and out of the quarantine, a record
 * found missing, a migration's new key. Every method joins the caller's transaction, so the row
 * changes with the caller's other bookkeeping (the quarantine's, the migration's, the audit) or
 * not at all. Issue 23 moves every other writer of {@code stored_object} here, event by event.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ObjectLedger {

    @Inject
    LedgerSql sql;

    /**
     * Adopts objects already in the bucket: an {@code active}, {@code standard} record per object
     * (its last-modified time its {@code created_at}) unless a live record holds its key already;
     * returns the keys whose record was inserted. A backfill takes a thousand keys a chunk: one
     * statement over arrays, so the answer is exact (batched inserts are rewritten by the driver
     * and report no row counts).
     */
    public Set<String> adopt(String bucket, List<FoundObject> found) {
        if (found.isEmpty()) {
            return Set.of();
        }
        Timestamp now = Timestamp.from(Instant.now());
        return sql.query("INSERT INTO stored_object (id, bucket, object_key, user_id, project_id, scene_id, file_type,"
                + " filename, content_type, size_bytes, etag, retention_class, metadata, state, attempts, created_at,"
                + " updated_at) SELECT gen_random_uuid(), ?, k, u, p, sc, ft, fn, ct, sz, et, 'standard', '{}', " + quoted(ObjectState.ACTIVE) + ","
                + " 0, lm, ? FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::bigint[], ?::text[], ?::timestamptz[]) AS t(k, u, p, sc, ft, fn, ct, sz, et, lm)"
                + " ON CONFLICT (bucket, object_key) WHERE state <> " + quoted(ObjectState.DELETED) + " DO NOTHING RETURNING object_key", s -> {
                    s.setString(1, bucket);
                    s.setTimestamp(2, now);
                    var c = s.getConnection();
                    s.setArray(3, c.createArrayOf("text", column(found, FoundObject::key)));
                    s.setArray(4, c.createArrayOf("text", column(found, f -> f.owner().userId())));
                    s.setArray(5, c.createArrayOf("text", column(found, f -> f.owner().projectId())));
                    s.setArray(6, c.createArrayOf("text", column(found, f -> f.owner().sceneId())));
                    s.setArray(7, c.createArrayOf("text", column(found, f -> f.owner().fileType())));
                    s.setArray(8, c.createArrayOf("text", column(found, f -> f.owner().filename())));
                    s.setArray(9, c.createArrayOf("text", column(found, FoundObject::contentType)));
                    s.setArray(10, c.createArrayOf("bigint", column(found, f -> Math.max(0, f.sizeBytes()))));
                    s.setArray(11, c.createArrayOf("text", column(found, FoundObject::etag)));
                    s.setArray(12, c.createArrayOf("timestamptz", column(found,
                            f -> f.lastModified() == null ? now : Timestamp.from(f.lastModified()))));
                }, LedgerSql::stringSet);
    }

    /** The record moves under the quarantine prefix, if it is still active at {@code fromKey}. */
    public boolean quarantine(UUID id, String fromKey, String quarantineKey) {
        return switchKey(ObjectTransition.QUARANTINE, id, fromKey, quarantineKey);
    }

    /** The record is active at its original key again, if it is still quarantined at {@code fromKey}. */
    public boolean restore(UUID id, String fromKey, String originalKey) {
        return switchKey(ObjectTransition.RESTORE, id, fromKey, originalKey);
    }

    private boolean switchKey(ObjectTransition event, UUID id, String fromKey, String toKey) {
        return sql.update("UPDATE stored_object SET " + event.set() + " WHERE id = ? AND " + event.from()
                + " AND object_key = ?", s -> {
                    s.setString(1, toKey);
                    s.setObject(2, id);
                    s.setString(3, fromKey);
                }) == 1;
    }

    /** The record has no object in the bucket: {@code missing}, unless it changed since {@code judgedAt}. */
    public boolean markMissing(UUID id, Instant judgedAt) {
        return sql.update("UPDATE stored_object SET " + ObjectTransition.MARK_MISSING.set() + " WHERE id = ? AND "
                + ObjectTransition.MARK_MISSING.from() + " AND updated_at < ?", s -> {
                    s.setObject(1, id);
                    s.setTimestamp(2, Timestamp.from(judgedAt));
                }) == 1;
    }

    /**
     * A migration's switch, which changes no state: the record takes its canonical key (and the
     * user it names, when it had none, and the copy's ETag), only if it is still active at
     * {@code fromKey} and no live record holds {@code toKey}.
     */
    public boolean moveKey(UUID id, String fromKey, String toKey, String userId, String etag) {
        return sql.update("UPDATE stored_object o SET object_key = ?, user_id = coalesce(o.user_id, ?),"
                + " etag = coalesce(?, o.etag), updated_at = now() WHERE o.id = ? AND o.object_key = ?"
                + " AND o.state = " + quoted(ObjectState.ACTIVE) + " AND NOT EXISTS (SELECT 1 FROM stored_object x"
                + " WHERE x.bucket = o.bucket AND x.object_key = ? AND x.state <> " + quoted(ObjectState.DELETED) + ")",
                s -> {
                    s.setString(1, toKey);
                    s.setString(2, userId);
                    s.setString(3, etag);
                    s.setObject(4, id);
                    s.setString(5, fromKey);
                    s.setString(6, toKey);
                }) == 1;
    }

    // ---- Deletions: rows taken over, queued, parked and released --------------------------------
    // A deletion that is filled in several steps (a clear, a bulk cleanup) parks its rows: queued,
    // no attempt due, so the drain leaves them until one transaction makes them all due.

    /** The rows parked in a deletion (queued, no attempt due). Parameter: the deletion id. */
    public static final String PARKED = "deletion_id = ? and " + RELEASE_PARKED.from() + " and next_attempt_at is null";

    /**
     * A deletion takes over the live rows {@code rows} selects ({@link ObjectTransition#MARK_DELETING}),
     * due at {@code dueAt}, or parked when it is null; returns how many.
     */
    public int takeOver(UUID deletionId, Instant dueAt, Clause rows, Instant now) {
        return markDeleting(MARK_DELETING.from(), deletionId, dueAt, rows, now);
    }

    /** {@link #takeOver} of active rows only: what a cleanup chose by their age or kind. */
    public int takeOverActive(UUID deletionId, Instant dueAt, Clause rows, Instant now) {
        return markDeleting(MARK_DELETING.from(ObjectState.ACTIVE), deletionId, dueAt, rows, now);
    }

    private int markDeleting(String from, UUID deletionId, Instant dueAt, Clause rows, Instant now) {
        return sql.update("update stored_object set " + MARK_DELETING.set() + " where " + rows.sql() + " and " + from,
                s -> {
                    s.setObject(1, deletionId);
                    s.setTimestamp(2, dueAt == null ? null : Timestamp.from(dueAt));
                    s.setTimestamp(3, Timestamp.from(now));
                    rows.bind(s, 4);
                });
    }

    /**
     * A new {@code deleting} row (retention class {@code standard}) per found key no live row
     * holds, due at {@code dueAt} or parked when it is null; returns the keys inserted. One
     * statement over arrays, so the answer is exact: a batch of single-row inserts reports no
     * counts once the driver rewrites it into one statement.
     */
    public Set<String> queueUntracked(UUID deletionId, String bucket, List<FoundObject> keys, Instant dueAt,
                                      Instant now) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return sql.query("insert into stored_object (id, bucket, object_key, user_id, project_id, scene_id,"
                + " file_type, filename, size_bytes, retention_class, metadata, state, deletion_id, attempts,"
                + " next_attempt_at, created_at, updated_at) select gen_random_uuid(), ?, k.object_key, k.user_id,"
                + " k.project_id, k.scene_id, k.file_type, k.filename, k.size_bytes, 'standard', '{}', " + quoted(ObjectState.DELETING) + ","
                + " ?, 0, ?, ?, ? from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::bigint[]) as k(object_key, user_id, project_id, scene_id, file_type, filename, size_bytes)"
                + " on conflict (bucket, object_key) where state <> " + quoted(ObjectState.DELETED) + " do nothing returning object_key",
                s -> {
                    s.setString(1, bucket);
                    s.setObject(2, deletionId);
                    s.setTimestamp(3, dueAt == null ? null : Timestamp.from(dueAt));
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setTimestamp(5, Timestamp.from(now));
                    List<KeyParts> owners = keys.stream().map(k -> k.owner() == null
                            ? new KeyParts(null, null, null, null, null) : k.owner()).toList();
                    var c = s.getConnection();
                    s.setArray(6, c.createArrayOf("text", column(keys, FoundObject::key)));
                    s.setArray(7, c.createArrayOf("text", owners.stream().map(KeyParts::userId).toArray()));
                    s.setArray(8, c.createArrayOf("text", owners.stream().map(KeyParts::projectId).toArray()));
                    s.setArray(9, c.createArrayOf("text", owners.stream().map(KeyParts::sceneId).toArray()));
                    s.setArray(10, c.createArrayOf("text", owners.stream().map(KeyParts::fileType).toArray()));
                    s.setArray(11, c.createArrayOf("text", owners.stream().map(KeyParts::filename).toArray()));
                    s.setArray(12, c.createArrayOf("bigint", column(keys, FoundObject::sizeBytes)));
                }, LedgerSql::stringSet);
    }

    /**
     * A new parked {@code deleting} row (retention class {@code standard}) per key {@code keys}
     * selects (columns {@code object_key, size_bytes}) that no live row holds: a clear's listed
     * keys and the quarantine's copies under its prefix. Returns how many.
     */
    public int parkUntracked(UUID deletionId, String bucket, Clause keys, Instant now) {
        return sql.update("insert into stored_object (id, bucket, object_key, size_bytes, retention_class, metadata, state,"
                + " deletion_id, attempts, created_at, updated_at) select gen_random_uuid(), ?, k.object_key,"
                + " k.size_bytes, 'standard', '{}', " + quoted(ObjectState.DELETING) + ", ?, 0, ?, ? from (" + keys.sql() + ") k"
                + " on conflict (bucket, object_key) where state <> " + quoted(ObjectState.DELETED) + " do nothing", s -> {
                    s.setString(1, bucket);
                    s.setObject(2, deletionId);
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setTimestamp(4, Timestamp.from(now));
                    keys.bind(s, 5);
                });
    }

    /** The deletion's parked rows are due now; returns how many. */
    public int makeParkedDue(UUID deletionId, Instant now) {
        return sql.update("update stored_object set next_attempt_at = ?, updated_at = ? where " + PARKED, s -> {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now));
            s.setObject(3, deletionId);
        });
    }

    /** A fill that did not go ahead gives its parked rows back ({@link ObjectTransition#RELEASE_PARKED}). */
    public int releaseParked(UUID deletionId, Instant now) {
        return sql.update("update stored_object set " + RELEASE_PARKED.set() + " where " + PARKED, s -> {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, deletionId);
        });
    }

    /**
     * A fill that did not go ahead removes the parked rows it inserted: its only {@code standard}
     * ones, since a cleanup never takes a standard record. Returns how many.
     */
    public int dropParkedUntracked(UUID deletionId) {
        return sql.update("delete from stored_object where " + PARKED + " and retention_class = 'standard'",
                s -> s.setObject(1, deletionId));
    }

    private static <T> Object[] column(List<T> rows, Function<T, Object> value) {
        return rows.stream().map(value).toArray();
    }
}
