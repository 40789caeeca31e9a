package dev.custodian.ledger.control;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.LeasedRow;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.ObjectTransition;
import dev.custodian.ledger.entity.TakenChunk;
import dev.custodian.ledger.entity.UnclaimedRow;
import dev.custodian.persistence.Clause;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import static dev.custodian.ledger.entity.ObjectTransition.FORGET;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING_LEASED;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_PARKED;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The ledger's rows as deletions take them: a scope, an owner's chunk (leased to the drain that
 * expands it), keys a sweep found, rows a plan picked, each taken over ({@link
 * ObjectTransition#MARK_DELETING}); keys the ledger never knew queued as new rows; records
 * forgotten; a finished deletion's failed and held rows queued again. A deletion filled in several
 * steps (a clear, a bulk cleanup) parks its rows, queued with no attempt due, so the drain leaves
 * them until one transaction makes them all due, or gives them back. Which rows a scope or a scan
 * means is the caller's SQL ({@link Clause}); the writes are here. Every method joins the caller's
 * transaction. With {@link ObjectLedger} and {@link DrainRows}, the only writer of {@code stored_object}
 * and {@code deleted_object}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DeletionRows {

    @Inject
    LedgerSql sql;

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
                    s.setArray(6, c.createArrayOf("text", keys.stream().map(FoundObject::key).toArray()));
                    s.setArray(7, c.createArrayOf("text", owners.stream().map(KeyParts::userId).toArray()));
                    s.setArray(8, c.createArrayOf("text", owners.stream().map(KeyParts::projectId).toArray()));
                    s.setArray(9, c.createArrayOf("text", owners.stream().map(KeyParts::sceneId).toArray()));
                    s.setArray(10, c.createArrayOf("text", owners.stream().map(KeyParts::fileType).toArray()));
                    s.setArray(11, c.createArrayOf("text", owners.stream().map(KeyParts::filename).toArray()));
                    s.setArray(12, c.createArrayOf("bigint", keys.stream().map(k -> (Object) k.sizeBytes()).toArray()));
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
     * A deletion takes the next {@code limit} live rows {@code owner} selects by id after {@code
     * after}, locked without skipping (a row skipped while an upload holds it would be behind the
     * cursor for good). Its active rows are not written: they go to the store unclaimed, with the
     * version read ({@link UnclaimedRow}). Every other row is taken over ({@link
     * ObjectTransition#MARK_DELETING_LEASED}) and leased to the caller until {@code now + lease},
     * unless a replace upload still stores the key's bytes (an active row too: the key goes after
     * them, claimed once it is due).
     */
    public TakenChunk takeChunk(UUID deletionId, Clause owner, UUID after, int limit, Duration lease, Instant now) {
        String unclaimed = "c.state = " + quoted(ObjectState.ACTIVE) + " and (c.replacing is null or c.replacing <= ?)";
        record Taken(UUID id, LeasedRow leased, UnclaimedRow unclaimed) {
        }
        // in id order, so the last is the cursor (uuid has no max() aggregate before PostgreSQL 16)
        List<Taken> taken = sql.query("with c as (select ctid, id, object_key, coalesce(size_bytes, 0) size_bytes, state,"
                + " replacing_until replacing, xmin::text version from stored_object where " + owner.sql()
                + " and id > ? and " + MARK_DELETING_LEASED.from() + " order by id limit ? for update),"
                + " flipped as (update stored_object o set " + MARK_DELETING_LEASED.set() + " from c"
                + " where o.ctid = c.ctid and not (" + unclaimed + ") returning o.lease_until is not null leased, "
                + DrainRows.LEASED_ROW_COLUMNS + ")"
                + " select false, flipped.*, null from flipped union all select true, false, c.id, c.object_key,"
                + " null, 0, null, c.size_bytes, false, c.version from c where " + unclaimed + " order by 3", s -> {
                    int next = owner.bind(s, 1);
                    s.setObject(next, after);
                    s.setInt(next + 1, limit);
                    s.setObject(next + 2, deletionId);
                    s.setTimestamp(next + 3, Timestamp.from(now));
                    s.setTimestamp(next + 4, Timestamp.from(now));
                    s.setTimestamp(next + 5, Timestamp.from(now));
                    s.setTimestamp(next + 6, Timestamp.from(now.plus(lease)));
                    s.setTimestamp(next + 7, Timestamp.from(now));
                    s.setTimestamp(next + 8, Timestamp.from(now));
                }, rows -> {
                    List<Taken> found = new ArrayList<>();
                    while (rows.next()) {
                        UUID id = rows.getObject(3, UUID.class);
                        found.add(rows.getBoolean(1)
                                ? new Taken(id, null, new UnclaimedRow(id, rows.getString(4), rows.getLong(8), rows.getString(10)))
                                : new Taken(id, rows.getBoolean(2) ? DrainRows.leasedRow(rows, 3) : null, null));
                    }
                    return found;
                });
        return new TakenChunk(taken.size(), taken.isEmpty() ? null : taken.get(taken.size() - 1).id(),
                taken.stream().map(Taken::leased).filter(Objects::nonNull).toList(),
                taken.stream().map(Taken::unclaimed).filter(Objects::nonNull).toList());
    }

    /** The active rows of these ids, taken over and due now; returns how many. */
    public int takeOverActive(UUID deletionId, List<UUID> ids, Instant now) {
        return takeOverIds(MARK_DELETING.from(ObjectState.ACTIVE), deletionId, ids, now).size();
    }

    /**
     * Rows a chunk sent to the store unclaimed that the store did not delete, or that changed
     * since the chunk read them, taken over and due now, so the deletion's retries, holds and the
     * row's current key apply to them; returns the ids taken (a row another deletion took, or
     * that is gone, is not).
     */
    public Set<UUID> takeOverUnclaimed(UUID deletionId, List<UUID> ids, Instant now) {
        return takeOverIds(MARK_DELETING.from(), deletionId, ids, now);
    }

    private Set<UUID> takeOverIds(String from, UUID deletionId, List<UUID> ids, Instant now) {
        return sql.query("update stored_object set " + MARK_DELETING.set() + " where id = any(?) and " + from
                + " returning id", s -> {
                    s.setObject(1, deletionId);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setArray(4, s.getConnection().createArrayOf("uuid", ids.toArray()));
                }, LedgerSql::uuidSet);
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
        return markDeleting(MARK_DELETING.from(ObjectState.DELETE_FAILED), deletionId, now,
                Clause.of("deletion_id = ?", deletionId), now);
    }

    /**
     * An admin's {@code records_only} deletion forgets the records {@code rows} selects
     * ({@link ObjectTransition#FORGET}), the bucket untouched; returns how many.
     */
    public int forget(UUID deletionId, Clause rows, Instant now) {
        return sql.update(DrainRows.moveToProof(FORGET, "", "where " + rows.sql() + " and " + FORGET.from(), ""), s -> {
            int next = rows.bind(s, 1);
            s.setObject(next, deletionId);
            s.setTimestamp(next + 1, Timestamp.from(now));
            s.setTimestamp(next + 2, Timestamp.from(now));
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
}
