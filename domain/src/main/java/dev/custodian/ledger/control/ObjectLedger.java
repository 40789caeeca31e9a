package dev.custodian.ledger.control;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.FailedRow;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.HeldRow;
import dev.custodian.ledger.entity.LeasedRow;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.ObjectTransition;
import dev.custodian.ledger.entity.TakenChunk;
import dev.custodian.persistence.Clause;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static dev.custodian.ledger.entity.ObjectTransition.CONFIRM_DELETED;
import static dev.custodian.ledger.entity.ObjectTransition.FORGET;
import static dev.custodian.ledger.entity.ObjectTransition.GIVE_UP;
import static dev.custodian.ledger.entity.ObjectTransition.HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING_LEASED;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_HOLD;
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
        return takeOver(deletionId, dueAt, rows, now, ObjectState.ACTIVE);
    }

    private int takeOver(UUID deletionId, Instant dueAt, Clause rows, Instant now, ObjectState only) {
        return markDeleting(MARK_DELETING.from(only), deletionId, dueAt, rows, now);
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

    /**
     * A deletion takes over the next {@code limit} live rows {@code owner} selects by id after
     * {@code after} ({@link ObjectTransition#MARK_DELETING_LEASED}), locked without skipping (a
     * row skipped while an upload holds it would be behind the cursor for good) and leased to
     * the caller until {@code now + lease}, unless a replace upload still stores the key's bytes.
     */
    public TakenChunk takeOverChunk(UUID deletionId, Clause owner, UUID after, int limit, Duration lease, Instant now) {
        record Taken(UUID id, LeasedRow leased) {
        }
        // in id order, so the last is the cursor (uuid has no max() aggregate before PostgreSQL 16)
        List<Taken> taken = sql.query("with chunk as (select ctid from stored_object where " + owner.sql()
                + " and id > ? and " + MARK_DELETING_LEASED.from() + " order by id limit ? for update),"
                + " flipped as (update stored_object o set " + MARK_DELETING_LEASED.set() + " from chunk"
                + " where o.ctid = chunk.ctid returning o.lease_until is not null leased, " + LEASED_ROW_COLUMNS + ")"
                + " select * from flipped order by id", s -> {
                    int next = owner.bind(s, 1);
                    s.setObject(next, after);
                    s.setInt(next + 1, limit);
                    s.setObject(next + 2, deletionId);
                    s.setTimestamp(next + 3, Timestamp.from(now));
                    s.setTimestamp(next + 4, Timestamp.from(now));
                    s.setTimestamp(next + 5, Timestamp.from(now));
                    s.setTimestamp(next + 6, Timestamp.from(now.plus(lease)));
                }, rows -> {
                    List<Taken> found = new ArrayList<>();
                    while (rows.next()) {
                        LeasedRow row = leasedRow(rows, 2);
                        found.add(new Taken(row.id(), rows.getBoolean(1) ? row : null));
                    }
                    return found;
                });
        return new TakenChunk(taken.size(), taken.isEmpty() ? null : taken.get(taken.size() - 1).id(),
                taken.stream().map(Taken::leased).filter(Objects::nonNull).toList());
    }

    /** The active rows of these ids, taken over and due now; returns how many. */
    public int takeOverActive(UUID deletionId, List<UUID> ids, Instant now) {
        return sql.update("update stored_object set " + MARK_DELETING.set() + " where id = any(?) and "
                + MARK_DELETING.from(ObjectState.ACTIVE), s -> {
                    s.setObject(1, deletionId);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setArray(4, s.getConnection().createArrayOf("uuid", ids.toArray()));
                });
    }

    /**
     * Live rows of these keys, taken over and due now, except those this deletion already gave up
     * on (a sweep finding the key again must not retry it forever); per key, how many rows moved.
     */
    public int[] takeOverKeys(UUID deletionId, String bucket, List<String> keys, Instant now) {
        return sql.batch("update stored_object set " + MARK_DELETING.set()
                + " where bucket = ? and object_key = ? and " + MARK_DELETING.from()
                + " and not (state = " + quoted(ObjectState.DELETE_FAILED) + " and deletion_id = ?)", keys, (s, key) -> {
                    s.setObject(1, deletionId);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setString(4, bucket);
                    s.setString(5, key);
                    s.setObject(6, deletionId);
                });
    }

    /** The deletion's failed rows are queued again from scratch; returns how many. */
    public int requeueFailed(UUID deletionId, Instant now) {
        return takeOver(deletionId, now, Clause.of("deletion_id = ?", deletionId), now, ObjectState.DELETE_FAILED);
    }

    /**
     * An admin's {@code records_only} deletion forgets the records {@code rows} selects
     * ({@link ObjectTransition#FORGET}), the bucket untouched; returns how many.
     */
    public int forget(UUID deletionId, Clause rows, Instant now) {
        return sql.update("update stored_object set " + FORGET.set() + " where " + rows.sql() + " and " + FORGET.from(),
                s -> {
                    s.setObject(1, deletionId);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                    rows.bind(s, 4);
                });
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

    // ---- The drain: leases, the store's answers, holds, the purge of proof -----------------------
    // Set-based: a round touches up to a thousand rows in a few statements. The rows a statement
    // updates are located by ctid where a CTE has locked them, which spares a primary-key lookup per row.

    /** What a {@link LeasedRow} is read from, {@code o} being the row ({@link #leasedRow}). */
    private static final String LEASED_ROW_COLUMNS = "o.id, o.object_key, o.deletion_id, o.attempts, o.failing_since,"
            + " coalesce(o.size_bytes, 0) size_bytes, o.bypass_governance";

    private static LeasedRow leasedRow(ResultSet rows, int first) throws SQLException {
        Timestamp failingSince = rows.getTimestamp(first + 4);
        return new LeasedRow(rows.getObject(first, UUID.class), rows.getString(first + 1),
                rows.getObject(first + 2, UUID.class), rows.getInt(first + 3),
                failingSince == null ? null : failingSince.toInstant(), rows.getLong(first + 5), rows.getBoolean(first + 6));
    }

    /**
     * Leases up to {@code limit} due rows until {@code now + lease}, {@code FOR UPDATE SKIP LOCKED}
     * so concurrent drains never take the same row. A row whose lease ran out (its drain died) is
     * due again; one that left {@code deleting}, or whose replace upload still stores its bytes,
     * is not taken.
     */
    public List<LeasedRow> claimDue(String bucket, int limit, Duration lease, Instant now) {
        return sql.query("with due as (select ctid from stored_object where state = " + quoted(ObjectState.DELETING)
                + " and bucket = ? and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)"
                + " and (replacing_until is null or replacing_until <= ?)"
                + " order by next_attempt_at limit ? for update skip locked)"
                + " update stored_object o set lease_until = ? from due where o.ctid = due.ctid"
                + " returning " + LEASED_ROW_COLUMNS, s -> {
                    s.setString(1, bucket);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setInt(5, limit);
                    s.setTimestamp(6, Timestamp.from(now.plus(lease)));
                }, rows -> {
                    List<LeasedRow> leased = new ArrayList<>();
                    while (rows.next()) {
                        leased.add(leasedRow(rows, 1));
                    }
                    return leased;
                });
    }

    /**
     * A duplicate removal's copy whose kept copy is no longer active is the content's last: it goes
     * back to {@code active} ({@link ObjectTransition#RELEASE_PARKED}) and its removal record is
     * dropped, in one statement. {@code removals} picks the open duplicate removals among the
     * deletions {@code r}. A leased copy is already on its way. Returns the keys kept back, by deletion.
     */
    public Map<UUID, List<String>> keepBackDuplicates(String bucket, Clause removals, Instant now) {
        return sql.query("with kept_back as (select o.ctid, o.deletion_id from stored_object o"
                + " join duplicate_removal d on d.removed_id = o.id and d.deletion_id = o.deletion_id"
                + " join deletion_request r on r.id = d.deletion_id and " + removals.sql()
                + " where o.bucket = ? and " + RELEASE_PARKED.fromStateOf("o") + " and (o.lease_until is null or o.lease_until <= ?)"
                + " and not exists (select 1 from stored_object k where k.id = d.kept_id and k.state = "
                + quoted(ObjectState.ACTIVE) + ") for update of o skip locked),"
                + " released as (update stored_object o set " + RELEASE_PARKED.set() + " from kept_back"
                + " where o.ctid = kept_back.ctid returning o.id, o.object_key, kept_back.deletion_id),"
                + " forgotten as (delete from duplicate_removal d using released where d.removed_id = released.id)"
                + " select deletion_id, object_key from released", s -> {
                    int next = removals.bind(s, 1);
                    s.setString(next, bucket);
                    s.setTimestamp(next + 1, Timestamp.from(now));
                    s.setTimestamp(next + 2, Timestamp.from(now));
                }, rows -> {
                    Map<UUID, List<String>> found = new LinkedHashMap<>();
                    while (rows.next()) {
                        found.computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>()).add(rows.getString(2));
                    }
                    return found;
                });
    }

    /** The store confirmed these rows' keys gone ({@link ObjectTransition#CONFIRM_DELETED}). */
    public void confirmDeleted(List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        // found by primary key and checked where they are locked: given "state = 'deleting'"
        // beside the ids, the planner took the partial index of deleting rows, which statistics
        // from before a large deletion call nearly empty, and walked all of it for every batch
        // (108 ms a batch at 100,000 keys, growing with the deletion; ~30 ms this way)
        sql.update("with target as (select ctid, state from stored_object where id = any(?) for update)"
                + " update stored_object o set " + CONFIRM_DELETED.set() + " from target"
                + " where o.ctid = target.ctid and " + CONFIRM_DELETED.fromStateOf("target"), s -> {
                    s.setArray(1, s.getConnection().createArrayOf("uuid", ids.toArray()));
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                });
    }

    /** Object Lock keeps a version of these rows' keys ({@link ObjectTransition#HOLD}). */
    public void hold(List<HeldRow> held, Instant now) {
        sql.batch("update stored_object set " + HOLD.set() + " where id = ? and " + HOLD.from(), held, (s, row) -> {
            s.setTimestamp(1, Timestamp.from(row.until()));
            s.setString(2, row.code());
            s.setString(3, row.message());
            s.setTimestamp(4, Timestamp.from(now));
            s.setObject(5, row.id());
        });
    }

    /**
     * The store did not delete these rows' keys: each waits for its next attempt with its error,
     * or ends {@code delete_failed} ({@link ObjectTransition#GIVE_UP}) as its {@link FailedRow} says.
     */
    public void retryOrGiveUp(List<FailedRow> failed, Instant now) {
        sql.batch("update stored_object set attempts = attempts + ?, failing_since = coalesce(failing_since, ?),"
                + " last_error = ?, last_error_code = ?, lease_until = null, updated_at = ?, " + GIVE_UP.setIf("?")
                + ", next_attempt_at = ?, waiting_for_store = ? where id = ? and " + GIVE_UP.from(), failed, (s, row) -> {
                    s.setInt(1, row.countsAsAttempt() ? 1 : 0);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setString(3, row.message());
                    s.setString(4, row.code());
                    s.setTimestamp(5, Timestamp.from(now));
                    s.setBoolean(6, row.givesUp());
                    s.setTimestamp(7, row.givesUp() ? null : Timestamp.from(row.nextAttemptAt()));
                    s.setBoolean(8, row.waitingForStore());
                    s.setObject(9, row.id());
                });
    }

    /** The store answers again: every row that waited for it is due now; returns how many. */
    public int releaseWaitingForStore(String bucket, Instant now) {
        return sql.update("update stored_object set next_attempt_at = least(next_attempt_at, ?),"
                + " waiting_for_store = false where bucket = ? and waiting_for_store and state = " + quoted(ObjectState.DELETING),
                s -> {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.setString(2, bucket);
                });
    }

    /**
     * Up to {@code limit} held rows whose hold may have ended are due now ({@link
     * ObjectTransition#RELEASE_HOLD}); returns their deletions' ids, one per row.
     */
    public List<UUID> releaseDueHolds(String bucket, int limit, Instant now) {
        return sql.query("with due as (select ctid from stored_object where state = " + quoted(ObjectState.HELD)
                + " and bucket = ? and next_attempt_at <= ? order by next_attempt_at limit ? for update skip locked)"
                + " update stored_object o set " + RELEASE_HOLD.set() + " from due where o.ctid = due.ctid"
                + " returning o.deletion_id", s -> {
                    s.setString(1, bucket);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setInt(3, limit);
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setBoolean(5, false);
                    s.setTimestamp(6, Timestamp.from(now));
                }, rows -> {
                    List<UUID> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                    return ids;
                });
    }

    /**
     * The deletion's held rows are due now, the store asked to bypass governance retention for
     * them when {@code bypassGovernance} (an admin's retry); returns how many.
     */
    public int releaseHolds(UUID deletionId, boolean bypassGovernance, Instant now) {
        return sql.update("update stored_object set " + RELEASE_HOLD.set() + " where deletion_id = ? and "
                + RELEASE_HOLD.from(), s -> {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.setBoolean(2, bypassGovernance);
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setObject(4, deletionId);
                });
    }

    /**
     * Purges up to {@code limit} rows deleted before {@code before}, adding what they counted to
     * their deletions' purged figures ({@code deletion_request.purged_keys/purged_bytes}) in the
     * same statement, so a deletion's figures never miss a purged row; returns how many went.
     */
    public int purgeDeleted(Instant before, int limit) {
        return sql.query("with gone as (delete from stored_object where ctid in (select ctid from stored_object"
                + " where state = " + quoted(ObjectState.DELETED) + " and deleted_at < ? limit ?) returning deletion_id, size_bytes),"
                + " counted as (update deletion_request r set purged_keys = r.purged_keys + g.keys,"
                + " purged_bytes = r.purged_bytes + g.bytes from (select deletion_id, count(*) keys,"
                + " coalesce(sum(size_bytes), 0) bytes from gone group by deletion_id) g where r.id = g.deletion_id)"
                + " select count(*) from gone", s -> {
                    s.setTimestamp(1, Timestamp.from(before));
                    s.setInt(2, limit);
                }, rows -> {
                    rows.next();
                    return rows.getInt(1);
                });
    }

    private static <T> Object[] column(List<T> rows, Function<T, Object> value) {
        return rows.stream().map(value).toArray();
    }
}
