package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.ledger.control.DeletionRows;
import dev.custodian.ledger.entity.FoundObject;
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
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * How deletions are filled with rows: an owner's scope taken over (at once or chunk by chunk,
 * with the deletion's cursor), records forgotten, keys the sweep found queued, rows a plan picked,
 * and the live rows plans and reports show. What a scope means in SQL is decided here; the rows'
 * writes are {@link DeletionRows}' events, joined to these transactions. Every method is one
 * short transaction (or joins the caller's). {@link DrainLedger} takes the rows from there.
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
    DeletionRows deletionRows;

    /** Flips every live row of the scope to {@code deleting} for this deletion; returns how many. */
    public int markDeleting(UUID deletionId, DeletionScope scope, String bucket, Instant now) {
        return deletionRows.takeOver(deletionId, now, rows(scope).after("bucket = ? and ", bucket), now);
    }

    /**
     * How many live rows of the scope a deletion would take over now. An owner's request counts
     * them, so the count must not fetch a row per row: active and pending rows are counted from a
     * usage index alone (an index-only scan once vacuum has marked the pages). Those indexes carry
     * no bucket, but the service writes one bucket's rows only; the rare other live states are
     * counted with it.
     */
    public long countLive(DeletionScope scope, String bucket) {
        Clause where = rows(scope);
        return sql.query("select (select count(*) from stored_object where " + where.sql() + " and "
                + MARK_DELETING.from(ObjectState.ACTIVE, ObjectState.PENDING) + ")"
                + " + (select count(*) from stored_object where bucket = ? and " + where.sql() + " and "
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
     * cursor are taken for the drain that called, and the cursor moves past them, in one
     * transaction. Its active rows go to the store unclaimed ({@link DeletionRows#takeChunk}: one
     * write per key, when the store confirmed it), recorded as a chunk in flight ({@code
     * deletion_chunk}) leased until {@code now + lease}; the others are taken over and leased.
     * A chunk whose drain died (its lease ran out) is taken again first, from its range, so a crash
     * leaves no row behind the cursor live. The deletion's row is locked, waiting for another
     * loop's chunk to commit rather than skipping it: a skipping loop would find nothing due and
     * stop. A short chunk ends the expansion; a row that appears behind the cursor afterwards
     * passed the tombstone check before the request and is taken by the upload's confirmation or
     * by the sweep.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ExpandedChunk expandChunk(String bucket, int limit, Duration lease, Instant now) {
        Optional<ExpandedChunk> stranded = retakeStrandedChunk(bucket, limit, lease, now);
        if (stranded.isPresent()) {
            return stranded.get();
        }
        Optional<Expanding> next = sql.query("select id, scope_type, user_id, project_id, scene_id, expand_after,"
                + " unattributed from deletion_request where not expanded"
                + " and state in (" + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ")"
                + " order by created_at limit 1 for update", statement -> { }, rows -> rows.next()
                ? Optional.of(new Expanding(rows.getObject(1, UUID.class), scope(rows, 2), rows.getObject(6, UUID.class)))
                : Optional.empty());
        if (next.isEmpty()) {
            return new ExpandedChunk(0, List.of());
        }
        Expanding deletion = next.get();
        TakenChunk chunk = deletionRows.takeChunk(deletion.id(), rows(deletion.scope()).after("bucket = ? and ", bucket),
                deletion.after(), limit, lease, now);
        sql.update("update deletion_request set expand_after = coalesce(?, expand_after), expanded = ? where id = ?",
                statement -> {
                    statement.setObject(1, chunk.last(), Types.OTHER);
                    statement.setBoolean(2, chunk.taken() < limit);
                    statement.setObject(3, deletion.id());
                });
        UUID chunkId = UUID.randomUUID();
        if (!chunk.unclaimed().isEmpty()) {
            sql.update("insert into deletion_chunk (id, deletion_id, bucket, after_id, last_id, lease_until)"
                    + " values (?, ?, ?, ?, ?, ?)", statement -> {
                        statement.setObject(1, chunkId);
                        statement.setObject(2, deletion.id());
                        statement.setString(3, bucket);
                        statement.setObject(4, deletion.after());
                        statement.setObject(5, chunk.last());
                        statement.setTimestamp(6, Timestamp.from(now.plus(lease)));
                    });
        }
        return started(deletion.id(), chunkId, chunk, now);
    }

    /**
     * Takes again the rows of one chunk whose lease ran out (its drain died before it recorded
     * the store's answers): those still live in its range, under a new lease. Empty when no chunk
     * is stranded, or when none of its rows is left (then the chunk is dropped).
     */
    private Optional<ExpandedChunk> retakeStrandedChunk(String bucket, int limit, Duration lease, Instant now) {
        Optional<Stranded> stranded = sql.query("with stale as (select id from deletion_chunk where bucket = ?"
                + " and lease_until < ? order by lease_until limit 1 for update skip locked),"
                + " renewed as (update deletion_chunk c set lease_until = ? from stale where c.id = stale.id"
                + " returning c.id, c.deletion_id, c.after_id, c.last_id)"
                + " select n.id, d.scope_type, d.user_id, d.project_id, d.scene_id, n.deletion_id, d.unattributed,"
                + " n.after_id, n.last_id from renewed n join deletion_request d on d.id = n.deletion_id", statement -> {
                    statement.setString(1, bucket);
                    statement.setTimestamp(2, Timestamp.from(now));
                    statement.setTimestamp(3, Timestamp.from(now.plus(lease)));
                }, rows -> rows.next() ? Optional.of(new Stranded(rows.getObject(1, UUID.class),
                        new Expanding(rows.getObject(6, UUID.class), scope(rows, 2), rows.getObject(8, UUID.class)),
                        rows.getObject(9, UUID.class))) : Optional.empty());
        if (stranded.isEmpty()) {
            return Optional.empty();
        }
        Stranded chunk = stranded.get();
        TakenChunk taken = deletionRows.takeChunk(chunk.deletion().id(), rows(chunk.deletion().scope())
                .after("bucket = ? and id <= ? and ", bucket, chunk.last()), chunk.deletion().after(), limit, lease, now);
        if (taken.unclaimed().isEmpty()) {
            sql.update("delete from deletion_chunk where id = ?", statement -> statement.setObject(1, chunk.id()));
            if (taken.taken() == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(started(chunk.deletion().id(), chunk.id(), taken, now));
    }

    /** The chunk's keys for the drain; the deletion is running from its first key on. */
    private ExpandedChunk started(UUID deletionId, UUID chunkId, TakenChunk chunk, Instant now) {
        List<DueKey> keys = new ArrayList<>(chunk.leased().size() + chunk.unclaimed().size());
        chunk.leased().forEach(row -> keys.add(DueKey.of(row)));
        chunk.unclaimed().forEach(row -> keys.add(DueKey.of(row, deletionId, chunkId)));
        if (!keys.isEmpty()) {
            drainLedger.startRunning(Set.of(deletionId), now);
        }
        return new ExpandedChunk(chunk.taken(), keys);
    }

    /**
     * The deletion's owner scope, read from its columns scope_type, user_id, project_id and
     * scene_id from {@code first} on, and unattributed at {@code first + 5}.
     */
    private static DeletionScope scope(ResultSet rows, int first) throws SQLException {
        return new DeletionScope(ScopeType.fromWireName(rows.getString(first)), rows.getString(first + 1),
                rows.getString(first + 2), rows.getString(first + 3), null, null, rows.getBoolean(first + 5));
    }

    /** An owner deletion still being expanded, and the last row id it took. */
    private record Expanding(UUID id, DeletionScope scope, UUID after) {
    }

    /** A chunk whose lease ran out: its deletion, from the id after which its range starts, to its last id. */
    private record Stranded(UUID id, Expanding deletion, UUID last) {
    }

    /**
     * What one chunk of an expansion took: how many rows, and the keys for the caller to drain now
     * (rows whose replace upload still stores their bytes wait).
     */
    public record ExpandedChunk(int taken, List<DueKey> keys) {
    }

    /** Forgets the scope's records (state {@code deleted}) without any store call; returns how many. */
    public int forgetRecords(UUID deletionId, DeletionScope scope, String bucket, Instant now) {
        return deletionRows.forget(deletionId, rows(scope).after("bucket = ? and ", bucket), now);
    }

    /**
     * Makes keys the sweep found part of the deletion: a new {@code deleting} row for a key the
     * ledger never knew, or a live row of another state taken over. Returns how many were queued.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int queueUntracked(UUID deletionId, String bucket, List<UntrackedKey> keys, Instant now) {
        Set<String> inserted = deletionRows.queueUntracked(deletionId, bucket, keys.stream().map(key ->
                new FoundObject(key.key(), key.owner(), key.sizeBytes(), null, null, null)).toList(), now, now);
        int[] takenOver = deletionRows.takeOverKeys(deletionId, bucket, keys.stream().map(UntrackedKey::key).toList(), now);
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
        return deletionRows.takeOverActive(deletionId, ids.size() > room ? ids.subList(0, room) : ids, now);
    }

    /** Up to {@code limit} live (not deleted) rows of the scope, by key, and how many there are in all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LiveRows liveRows(DeletionScope scope, String bucket, int limit) {
        Clause where = rows(scope);
        List<TrackedKey> keys = sql.query("select id, object_key, coalesce(size_bytes, 0), state from stored_object"
                + " where bucket = ? and " + where.sql() + " and state <> " + quoted(ObjectState.DELETED) + " order by object_key limit ?",
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
                + where.sql() + " and state <> " + quoted(ObjectState.DELETED), statement -> {
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

    /** The SQL condition on {@code stored_object} that selects a scope's rows (no bucket), and its parameters. */
    private static Clause rows(DeletionScope scope) {
        return switch (scope.type()) {
            case USER -> Clause.of("user_id = ?", scope.userId());
            case PROJECT -> owned(scope, Clause.of("project_id = ?", scope.projectId()));
            case SCENE -> owned(scope, Clause.of("project_id = ? and scene_id = ?", scope.projectId(), scope.sceneId()));
            case OBJECT -> Clause.of("id = ?", scope.objectId());
            // a job's processing artefacts; its final outputs expire on their own schedule
            case JOB -> Clause.of("job_id = ? and retention_class = 'temporary'", scope.jobId());
            // objects whose retention period is over
            case RETENTION -> Clause.of("state = " + quoted(ObjectState.ACTIVE) + " and expires_at <= now()");
            default -> throw new IllegalArgumentException(scope.type() + " scopes name their rows otherwise");
        };
    }

    /**
     * A project's or scene's rows of its user only, and those naming no user when the scope
     * takes them; without a user, only rows naming none (never a user's project by its id alone).
     */
    private static Clause owned(DeletionScope scope, Clause project) {
        if (scope.userId() == null) {
            return new Clause(project.sql() + " and user_id is null", project.parameters());
        }
        List<Object> parameters = new ArrayList<>(project.parameters());
        parameters.add(scope.userId());
        return new Clause(project.sql() + (scope.unattributed() ? " and (user_id = ? or user_id is null)"
                : " and user_id = ?"), parameters);
    }
}
