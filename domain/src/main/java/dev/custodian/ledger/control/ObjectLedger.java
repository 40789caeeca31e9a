package dev.custodian.ledger.control;

import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.KeyConflictException;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.ObjectTransition;
import dev.custodian.ledger.entity.RetentionClass;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The ledger's rows, written event by event, each event's rule from {@link ObjectTransition}:
 * adoption of bytes already in the bucket, an upload's claim, confirmation, dropped claim and
 * replacement, the moves into and out of the quarantine, a record found missing, a migration's new
 * key, a finished job's outputs given their expiry. Every method joins the caller's transaction
 * (the upload's one-statement events need none), so the row changes with the caller's other
 * bookkeeping (the quarantine's, the migration's, the audit, the upload's checks) or not at all. With {@link DeletionRows} (what deletions take over) and {@link DrainRows} (what the
 * drain leases and records), the only writer of {@code stored_object}: {@code StoredObjectWritersTest}
 * fails the build for any other.
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

    // Uploads, the hot path of every app: the claim and its confirmation are one statement each, without
    // a transaction. Each declines whenever {@code refused}, an SQL condition on the row {@code o},
    // holds: the caller then takes its checked, locking path, which decides every case the same way
    // and ends in the same statement, unguarded (the overloads without {@code refused}).
    // Times travel as microseconds since the epoch: binding a java.time value cost as much as running the statement.

    private static final String MICROS = "('epoch'::timestamptz + ?::bigint * interval '1 microsecond')";
    /** The guard of the checked path, whose caller has made its checks under its locks. */
    private static final String CHECKED = "false";
    /** An event whose caller goes on with the record reads it back from the statement that changed it. */
    private static final String RETURNING = " RETURNING " + StoredObject.COLUMNS;

    /** Inserts a pending upload's record, unless {@code refused} holds or a live record holds its key. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean claimUpload(StoredObject pending, String refused) {
        return sql.update("INSERT INTO stored_object (id, bucket, object_key, user_id, project_id, scene_id, file_type,"
                + " filename, content_type, size_bytes, retention_class, job_id, metadata, state, attempts, created_at,"
                + " updated_at) SELECT o.*, " + quoted(ObjectState.PENDING) + ", 0, " + MICROS + ", " + MICROS
                + " FROM (VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?::bigint, ?, ?, ?::jsonb))"
                + " AS o(id, bucket, object_key, user_id, project_id, scene_id,"
                + " file_type, filename, content_type, size_bytes, retention_class, job_id, metadata) WHERE NOT "
                + refused + " ON CONFLICT (bucket, object_key) WHERE state <> " + quoted(ObjectState.DELETED)
                + " DO NOTHING", s -> {
                    s.setLong(1, micros(pending.createdAt()));
                    s.setLong(2, micros(pending.updatedAt()));
                    s.setObject(3, pending.id());
                    s.setString(4, pending.bucket());
                    s.setString(5, pending.key());
                    s.setString(6, pending.userId());
                    s.setString(7, pending.projectId());
                    s.setString(8, pending.sceneId());
                    s.setString(9, pending.fileType());
                    s.setString(10, pending.filename());
                    s.setString(11, pending.contentType());
                    s.setObject(12, pending.sizeBytes(), Types.BIGINT);
                    s.setString(13, pending.retentionClass().wireName());
                    s.setString(14, pending.jobId());
                    s.setString(15, pending.metadataJson());
                }) == 1;
    }

    /**
     * The checked claim, after the caller's checks under its locks: inserts the pending record; a
     * live record holding the key is a {@link KeyConflictException}, whoever won the race.
     */
    public StoredObject claimUpload(StoredObject pending) {
        if (!claimUpload(pending, CHECKED)) {
            throw new KeyConflictException(null, pending.key(), "key " + pending.key() + " is already in use");
        }
        return pending;
    }

    /**
     * A pending upload's record becomes active with what the store reported, unless {@code refused}
     * holds; the record as it is now, or empty when nothing changed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredObject> confirmUpload(UUID id, long sizeBytes, String etag, String contentType,
                                                Instant now, String refused) {
        return sql.query("UPDATE stored_object o SET " + ObjectTransition.CONFIRM_UPLOAD.set() + ", size_bytes = ?,"
                + " etag = ?, content_type = coalesce(?, content_type), updated_at = " + MICROS + " WHERE id = ? AND "
                + ObjectTransition.CONFIRM_UPLOAD.from() + " AND NOT " + refused + RETURNING, s -> {
                    s.setLong(1, sizeBytes);
                    s.setString(2, etag);
                    s.setString(3, contentType);
                    s.setLong(4, micros(now));
                    s.setObject(5, id);
                }, StoredObject::readFirst);
    }

    /**
     * The checked confirmation, under the caller's row lock: the record becomes active if it is
     * still pending; empty when it is not.
     */
    public Optional<StoredObject> confirmUpload(UUID id, long sizeBytes, String etag, String contentType,
                                                Instant now) {
        return confirmUpload(id, sizeBytes, etag, contentType, now, CHECKED);
    }

    /**
     * A pending record whose bytes never reached the store is forgotten (removed, not moved); false
     * when it is no longer pending. One statement, in the caller's transaction if it has one.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean dropClaim(UUID id) {
        return sql.update("DELETE FROM stored_object WHERE id = ? AND state = " + quoted(ObjectState.PENDING),
                s -> s.setObject(1, id)) == 1;
    }

    /**
     * A replace upload's bytes are on their way: the active record is held until {@code until}
     * (the drain leaves the key alone meanwhile) and counts the larger of its two sizes, so the
     * quota sees the bytes in flight. False, with nothing changed, when the record is not active or
     * another replacement holds it.
     */
    public boolean beginReplacement(UUID id, long newSize, Instant until, Instant now) {
        return sql.update("UPDATE stored_object SET replacing_until = ?, size_bytes = greatest(coalesce(size_bytes, 0), ?),"
                + " updated_at = ? WHERE id = ? AND state = " + quoted(ObjectState.ACTIVE)
                + " AND (replacing_until IS NULL OR replacing_until <= ?)", s -> {
                    s.setTimestamp(1, Timestamp.from(until));
                    s.setLong(2, newSize);
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setObject(4, id);
                    s.setTimestamp(5, Timestamp.from(now));
                }) == 1;
    }

    /**
     * The bytes under the active record were replaced: it describes the new content, and the
     * replacement's hold ends. The record as it is now, or empty (nothing changed) when it is no
     * longer active.
     */
    public Optional<StoredObject> replaceContent(UUID id, long sizeBytes, String etag, String contentType,
                                                 RetentionClass retentionClass, String jobId, String metadataJson,
                                                 Instant now) {
        return sql.query("UPDATE stored_object SET replacing_until = null, size_bytes = ?, etag = ?, content_type = ?,"
                + " retention_class = ?, job_id = ?, metadata = ?::jsonb, updated_at = ? WHERE id = ? AND state = "
                + quoted(ObjectState.ACTIVE) + RETURNING, s -> {
                    s.setLong(1, sizeBytes);
                    s.setString(2, etag);
                    s.setString(3, contentType);
                    s.setString(4, retentionClass.wireName());
                    s.setString(5, jobId);
                    s.setString(6, metadataJson == null ? "{}" : metadataJson);
                    s.setTimestamp(7, Timestamp.from(now));
                    s.setObject(8, id);
                }, StoredObject::readFirst);
    }

    /**
     * A replacement is over without new content (its bytes never arrived, or a deletion took the
     * record): the hold ends, and a record still active counts {@code originalSize} again. The
     * record as it is now, or empty when it is gone.
     */
    public Optional<StoredObject> endReplacement(UUID id, Long originalSize, Instant now) {
        return sql.query("UPDATE stored_object SET size_bytes = CASE WHEN state = " + quoted(ObjectState.ACTIVE)
                + " THEN ? ELSE size_bytes END, replacing_until = null, updated_at = ? WHERE id = ?" + RETURNING, s -> {
                    s.setObject(1, originalSize, Types.BIGINT);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setObject(3, id);
                }, StoredObject::readFirst);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
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

    /** A finished job's active final outputs get their expiry, unless they have one; returns how many. */
    public int expireFinalOutputs(String jobId, Instant expiresAt, Instant now) {
        return sql.update("update stored_object set expires_at = ?, updated_at = ? where job_id = ?"
                + " and retention_class = 'final' and state = " + quoted(ObjectState.ACTIVE) + " and expires_at is null", s -> {
                    s.setTimestamp(1, Timestamp.from(expiresAt));
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setString(3, jobId);
                });
    }

    private static Object[] column(List<FoundObject> found, Function<FoundObject, Object> value) {
        return found.stream().map(value).toArray();
    }
}
