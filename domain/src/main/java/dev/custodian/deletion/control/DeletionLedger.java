package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.ObjectTransition;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.custodian.ledger.entity.ObjectTransition.FORGET;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING_LEASED;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The set-based SQL that fills deletions with rows, on the ledger's JTA data source: an owner's
 * scope taken over (at once or chunk by chunk), records forgotten, keys the sweep found queued or
 * parked, rows a retention sweep picked, and the live rows plans and reports show. Every method is
 * one short transaction (or joins the caller's). {@link DrainLedger} takes the rows from there.
 */
@ApplicationScoped
@Transactional
public class DeletionLedger {

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    @Inject
    DrainLedger drainLedger;

    @Inject
    ObjectLedger objectLedger;

    /** Flips every live row of the scope to {@code deleting} for this deletion; returns how many. */
    public int markDeleting(UUID deletionId, DeletionScope scope, String bucket, Instant now) {
        Scope where = Scope.of(scope);
        return sql.update("update stored_object set " + MARK_DELETING.set()
                + " where bucket = ? and " + where.sql + " and " + MARK_DELETING.from(), statement -> {
            statement.setObject(1, deletionId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setString(4, bucket);
            where.bind(statement, 5);
        });
    }

    /**
     * How many live rows of the scope a deletion would take over now. An owner's request counts
     * them, so the count must not fetch a row per row: active and pending rows are counted from a
     * usage index alone (an index-only scan once vacuum has marked the pages). Those indexes carry
     * no bucket, but the service writes one bucket's rows only; the rare other live states are
     * counted with it.
     */
    public long countLive(DeletionScope scope, String bucket) {
        Scope where = Scope.of(scope);
        return sql.query("select (select count(*) from stored_object where " + where.sql + " and "
                + MARK_DELETING.from(ObjectState.ACTIVE, ObjectState.PENDING) + ")"
                + " + (select count(*) from stored_object where bucket = ? and " + where.sql + " and "
                + MARK_DELETING.from(ObjectState.MISSING, ObjectState.QUARANTINED, ObjectState.DELETE_FAILED) + ")",
                statement -> {
                    int next = where.bind(statement, 1);
                    statement.setString(next, bucket);
                    where.bind(statement, next + 1);
                }, rows -> {
                    rows.next();
                    return rows.getLong(1);
                });
    }

    /**
     * Expands one owner deletion by a chunk: its next {@code limit} live rows by id after its
     * cursor are flipped to {@code deleting} and leased for the drain that called ({@link
     * ObjectTransition#MARK_DELETING_LEASED}: one write per row, no claim after it), and the cursor
     * moves past them, in one transaction, so a crash resumes where the last chunk ended and the
     * leases of a chunk never drained run out. The deletion's row is locked, waiting for another
     * loop's chunk to commit rather than skipping it: a skipping loop would find nothing due
     * (every flipped row is leased) and stop. The owner's rows are locked without skipping too: a
     * row skipped while an upload holds it would be behind the cursor for good. A short chunk ends
     * the expansion; a row that appears behind the cursor afterwards passed the tombstone check
     * before the request and is taken by the upload's confirmation or by the sweep.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ExpandedChunk expandChunk(String bucket, int limit, Duration lease, Instant now) {
        Optional<Expanding> next = sql.query("select id, scope_type, user_id, project_id, scene_id, expand_after,"
                + " unattributed from deletion_request where not expanded"
                + " and state in (" + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ")"
                + " order by created_at limit 1 for update", statement -> { }, rows -> rows.next()
                ? Optional.of(new Expanding(rows.getObject(1, UUID.class), new DeletionScope(ScopeType.valueOf(
                        rows.getString(2).toUpperCase(Locale.ROOT)), rows.getString(3), rows.getString(4),
                        rows.getString(5), null, null, rows.getBoolean(7)), rows.getObject(6, UUID.class)))
                : Optional.empty());
        if (next.isEmpty()) {
            return new ExpandedChunk(0, List.of());
        }
        Expanding deletion = next.get();
        Scope where = Scope.of(deletion.scope());
        record Taken(UUID id, DueKey key) {
        }
        // in id order, so the last is the cursor (uuid has no max() aggregate before PostgreSQL 16)
        List<Taken> taken = sql.query("with chunk as (select ctid from stored_object where bucket = ? and " + where.sql
                + " and id > ? and " + MARK_DELETING_LEASED.from() + " order by id limit ? for update),"
                + " flipped as (update stored_object o set " + MARK_DELETING_LEASED.set() + " from chunk"
                + " where o.ctid = chunk.ctid returning o.lease_until is not null leased, " + DrainLedger.DUE_KEY_COLUMNS + ")"
                + " select * from flipped order by id", statement -> {
            statement.setString(1, bucket);
            int after = where.bind(statement, 2);
            statement.setObject(after, deletion.after());
            statement.setInt(after + 1, limit);
            statement.setObject(after + 2, deletion.id());
            statement.setTimestamp(after + 3, Timestamp.from(now));
            statement.setTimestamp(after + 4, Timestamp.from(now));
            statement.setTimestamp(after + 5, Timestamp.from(now));
            statement.setTimestamp(after + 6, Timestamp.from(now.plus(lease)));
        }, rows -> {
            List<Taken> found = new ArrayList<>();
            while (rows.next()) {
                DueKey key = DrainLedger.dueKey(rows, 2);
                found.add(new Taken(key.objectId(), rows.getBoolean(1) ? key : null));
            }
            return found;
        });
        sql.update("update deletion_request set expand_after = coalesce(?, expand_after), expanded = ? where id = ?",
                statement -> {
                    statement.setObject(1, taken.isEmpty() ? null : taken.get(taken.size() - 1).id(), Types.OTHER);
                    statement.setBoolean(2, taken.size() < limit);
                    statement.setObject(3, deletion.id());
                });
        List<DueKey> leased = taken.stream().map(Taken::key).filter(Objects::nonNull).toList();
        if (!leased.isEmpty()) {
            drainLedger.startRunning(Set.of(deletion.id()), now);
        }
        return new ExpandedChunk(taken.size(), leased);
    }

    /** An owner deletion still being expanded, and the last row id it took. */
    private record Expanding(UUID id, DeletionScope scope, UUID after) {
    }

    /**
     * What one chunk of an expansion took: how many rows, and those leased for the caller to drain
     * now (the others wait for their replace upload's bytes).
     */
    public record ExpandedChunk(int taken, List<DueKey> leased) {
    }

    /** Forgets the scope's records (state {@code deleted}) without any store call; returns how many. */
    public int forgetRecords(UUID deletionId, DeletionScope scope, String bucket, Instant now) {
        Scope where = Scope.of(scope);
        return sql.update("update stored_object set " + FORGET.set() + " where bucket = ? and " + where.sql
                + " and " + FORGET.from(), statement -> {
            statement.setObject(1, deletionId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setString(4, bucket);
            where.bind(statement, 5);
        });
    }

    /** Gives a job's active final outputs their expiry, unless they have one; returns how many. */
    public int expireFinalOutputs(String jobId, Instant expiresAt, Instant now) {
        return sql.update("update stored_object set expires_at = ?, updated_at = ? where job_id = ?"
                + " and retention_class = 'final' and state = " + quoted(ObjectState.ACTIVE) + " and expires_at is null", statement -> {
            statement.setTimestamp(1, Timestamp.from(expiresAt));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setString(3, jobId);
        });
    }

    /**
     * Makes keys the sweep found part of the deletion: a new {@code deleting} row for a key the
     * ledger never knew, or a live row of another state taken over. Returns how many were queued.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int queueUntracked(UUID deletionId, String bucket, List<UntrackedKey> keys, Instant now) {
        Set<String> inserted = objectLedger.queueUntracked(deletionId, bucket, keys.stream().map(key ->
                new FoundObject(key.key(), key.owner(), key.sizeBytes(), null, null, null)).toList(), now, now);
        int[] takenOver = sql.batch("update stored_object set " + MARK_DELETING.set()
                + " where bucket = ? and object_key = ? and " + MARK_DELETING.from()
                + " and not (state = " + quoted(ObjectState.DELETE_FAILED) + " and deletion_id = ?)", keys, (statement, key) -> {
            statement.setObject(1, deletionId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setString(4, bucket);
            statement.setString(5, key.key());
            statement.setObject(6, deletionId);
        });
        List<UntrackedKey> queued = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (inserted.contains(keys.get(i).key()) || takenOver[i] > 0) {
                queued.add(keys.get(i));
            }
        }
        audit.recordKeys(AuditLog.SYSTEM, "queue_untracked", deletionId, null,
                queued.stream().map(UntrackedKey::key).toList(), "queued", "found under the owner's prefix by the sweep");
        return queued.size();
    }

    /**
     * Queues these rows into the deletion if they are still active, at most {@code room} of them;
     * returns how many were queued.
     */
    public int markRows(UUID deletionId, List<UUID> ids, int room, Instant now) {
        if (ids.isEmpty() || room <= 0) {
            return 0;
        }
        List<UUID> allowed = ids.size() > room ? ids.subList(0, room) : ids;
        return sql.update("update stored_object set " + MARK_DELETING.set() + " where id = any(?) and "
                + MARK_DELETING.from(ObjectState.ACTIVE),
                statement -> {
                    statement.setObject(1, deletionId);
                    statement.setTimestamp(2, Timestamp.from(now));
                    statement.setTimestamp(3, Timestamp.from(now));
                    statement.setArray(4, statement.getConnection().createArrayOf("uuid", allowed.toArray()));
                });
    }

    /** Up to {@code limit} live (not deleted) rows of the scope, by key, and how many there are in all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LiveRows liveRows(DeletionScope scope, String bucket, int limit) {
        Scope where = Scope.of(scope);
        List<TrackedKey> keys = sql.query("select id, object_key, coalesce(size_bytes, 0), state from stored_object"
                + " where bucket = ? and " + where.sql + " and state <> " + quoted(ObjectState.DELETED) + " order by object_key limit ?",
                statement -> {
                    statement.setString(1, bucket);
                    int next = where.bind(statement, 2);
                    statement.setInt(next, limit);
                }, rows -> {
                    List<TrackedKey> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new TrackedKey(rows.getObject(1, UUID.class), rows.getString(2), rows.getLong(3),
                                rows.getString(4)));
                    }
                    return found;
                });
        long[] totals = sql.query("select count(*), coalesce(sum(size_bytes), 0) from stored_object"
                + " where bucket = ? and "
                + where.sql + " and state <> " + quoted(ObjectState.DELETED), statement -> {
            statement.setString(1, bucket);
            where.bind(statement, 2);
        }, rows -> {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        });
        return new LiveRows(keys, totals[0], totals[1]);
    }

    /** Of these keys, those a live record holds. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> tracked(String bucket, List<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return sql.query("select object_key from stored_object where bucket = ? and object_key = any(?)"
                + " and state <> " + quoted(ObjectState.DELETED), statement -> {
            statement.setString(1, bucket);
            statement.setArray(2, statement.getConnection().createArrayOf("text", keys.toArray()));
        }, LedgerSql::stringSet);
    }

    /** A live ledger row as plans and reports show it. */
    public record TrackedKey(UUID id, String key, long sizeBytes, String state) {
    }

    /** Some live rows of a scope, and the count and bytes of all of them. */
    public record LiveRows(List<TrackedKey> rows, long count, long bytes) {
    }

    /** The SQL condition that selects a scope's rows, and its parameters. */
    private record Scope(String sql, List<Object> parameters) {

        static Scope of(DeletionScope scope) {
            return switch (scope.type()) {
                case USER -> new Scope("user_id = ?", List.of(scope.userId()));
                case PROJECT -> owned(scope, new Scope("project_id = ?", List.of(scope.projectId())));
                case SCENE -> owned(scope, new Scope("project_id = ? and scene_id = ?",
                        List.of(scope.projectId(), scope.sceneId())));
                case OBJECT -> new Scope("id = ?", List.of(scope.objectId()));
                // a job's processing artefacts; its final outputs expire on their own schedule
                case JOB -> new Scope("job_id = ? and retention_class = 'temporary'", List.of(scope.jobId()));
                // objects whose retention period is over
                case RETENTION -> new Scope("state = " + quoted(ObjectState.ACTIVE) + " and expires_at <= now()", List.of());
                default -> throw new IllegalArgumentException(scope.type() + " scopes name their rows otherwise");
            };
        }

        /**
         * A project's or scene's rows of its user only, and those naming no user when the scope
         * takes them; without a user, only rows naming none (never a user's project by its id alone).
         */
        private static Scope owned(DeletionScope scope, Scope project) {
            List<Object> parameters = new ArrayList<>(project.parameters());
            if (scope.userId() == null) {
                return new Scope(project.sql() + " and user_id is null", parameters);
            }
            parameters.add(scope.userId());
            return new Scope(project.sql() + (scope.unattributed() ? " and (user_id = ? or user_id is null)"
                    : " and user_id = ?"), parameters);
        }

        /** Binds the parameters from {@code first} on; returns the next free index. */
        int bind(PreparedStatement statement, int first) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(first + i, parameters.get(i));
            }
            return first + parameters.size();
        }
    }
}
