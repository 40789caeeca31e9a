package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DeletionDigest;
import dev.custodian.deletion.entity.DeletionKey;
import dev.custodian.deletion.entity.DeletionRequest.SweepState;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyError;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.ObjectState;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.custodian.ledger.entity.ObjectTransition.CONFIRM_DELETED;
import static dev.custodian.ledger.entity.ObjectTransition.FORGET;
import static dev.custodian.ledger.entity.ObjectTransition.GIVE_UP;
import static dev.custodian.ledger.entity.ObjectTransition.HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The set-based SQL of the deletion pipeline, on the ledger's JTA data source: a drain round
 * touches up to a thousand rows, so it updates them in a few statements instead of entity by
 * entity. Every method is one short transaction (or joins the caller's).
 */
@ApplicationScoped
@Transactional
public class DeletionLedger {

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

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
     * cursor are flipped to {@code deleting} and the cursor moves past them, in one transaction,
     * so a crash resumes where the last chunk ended. The deletion's row is locked ({@code SKIP
     * LOCKED}), so instances expand different deletions side by side and never race on a cursor.
     * The owner's rows are locked without skipping: a row skipped while an upload holds it would
     * be behind the cursor for good. A short chunk ends the expansion; a row that appears behind
     * the cursor afterwards passed the tombstone check before the request and is taken by the
     * upload's confirmation or by the sweep. Returns how many rows it took (0: nothing expanding).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int expandChunk(String bucket, int limit, Instant now) {
        Optional<Expanding> next = sql.query("select id, scope_type, user_id, project_id, scene_id, expand_after,"
                + " unattributed from deletion_request where not expanded"
                + " and state in (" + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ")"
                + " order by created_at limit 1 for update skip locked", statement -> { }, rows -> rows.next()
                ? Optional.of(new Expanding(rows.getObject(1, UUID.class), new DeletionScope(ScopeType.valueOf(
                        rows.getString(2).toUpperCase(Locale.ROOT)), rows.getString(3), rows.getString(4),
                        rows.getString(5), null, null, rows.getBoolean(7)), rows.getObject(6, UUID.class)))
                : Optional.empty());
        if (next.isEmpty()) {
            return 0;
        }
        Expanding deletion = next.get();
        Scope where = Scope.of(deletion.scope());
        // the last id taken and how many, in one row: uuid has no max() aggregate before PostgreSQL 16
        Chunk chunk = sql.query("with chunk as (select ctid from stored_object where bucket = ? and " + where.sql
                + " and id > ? and " + MARK_DELETING.from() + " order by id limit ? for update),"
                + " flipped as (update stored_object o set " + MARK_DELETING.set() + " from chunk where o.ctid = chunk.ctid"
                + " returning o.id) select id, count(*) over () from flipped order by id desc limit 1", statement -> {
            statement.setString(1, bucket);
            int after = where.bind(statement, 2);
            statement.setObject(after, deletion.after());
            statement.setInt(after + 1, limit);
            statement.setObject(after + 2, deletion.id());
            statement.setTimestamp(after + 3, Timestamp.from(now));
            statement.setTimestamp(after + 4, Timestamp.from(now));
        }, rows -> rows.next() ? new Chunk(rows.getObject(1, UUID.class), rows.getInt(2)) : new Chunk(null, 0));
        sql.update("update deletion_request set expand_after = coalesce(?, expand_after), expanded = ? where id = ?",
                statement -> {
                    statement.setObject(1, chunk.last(), Types.OTHER);
                    statement.setBoolean(2, chunk.taken() < limit);
                    statement.setObject(3, deletion.id());
                });
        return chunk.taken();
    }

    /** An owner deletion still being expanded, and the last row id it took. */
    private record Expanding(UUID id, DeletionScope scope, UUID after) {
    }

    /** What one chunk of an expansion took: the highest id (null when none) and how many rows. */
    private record Chunk(UUID last, int taken) {
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
                + " and retention_class = 'final' and state = 'active' and expires_at is null", statement -> {
            statement.setTimestamp(1, Timestamp.from(expiresAt));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setString(3, jobId);
        });
    }

    /**
     * Leases up to {@code limit} due rows ({@code FOR UPDATE SKIP LOCKED}, so concurrent workers
     * never claim the same row) until {@code now + lease}; their deletions start running. A row
     * whose lease ran out (its worker died) is due again. This is the last check before the store
     * call: a row that left {@code deleting} (forgotten, restored, retried elsewhere) is not claimed,
     * nor one whose replace upload is still storing its bytes (the key goes after them).
     * The rows are locked, so their physical address (ctid) is stable for the update and spares a
     * primary-key lookup per row.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<DueKey> claimDue(String bucket, int limit, Duration lease, Instant now) {
        List<DueKey> claimed = sql.query("with due as (select ctid from stored_object where state = 'deleting'"
                + " and bucket = ? and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)"
                + " and (replacing_until is null or replacing_until <= ?)"
                + " order by next_attempt_at limit ? for update skip locked)"
                + " update stored_object o set lease_until = ? from due where o.ctid = due.ctid"
                + " returning o.id, o.object_key, o.deletion_id, o.attempts, o.failing_since,"
                + " coalesce(o.size_bytes, 0), o.bypass_governance", statement -> {
            statement.setString(1, bucket);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setInt(5, limit);
            statement.setTimestamp(6, Timestamp.from(now.plus(lease)));
        }, rows -> {
            List<DueKey> keys = new ArrayList<>();
            while (rows.next()) {
                Timestamp failingSince = rows.getTimestamp(5);
                keys.add(new DueKey(rows.getObject(1, UUID.class), rows.getString(2), rows.getObject(3, UUID.class),
                        rows.getInt(4), failingSince == null ? null : failingSince.toInstant(), rows.getLong(6),
                        rows.getBoolean(7)));
            }
            return keys;
        });
        Set<UUID> deletions = new HashSet<>();
        claimed.forEach(k -> deletions.add(k.deletionId()));
        if (!deletions.isEmpty()) {
            sql.update("update deletion_request set state = " + quoted(DeletionState.RUNNING) + ", started_at = ?"
                    + " where state = " + quoted(DeletionState.QUEUED) + " and id = any(?)", statement -> {
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setArray(2, statement.getConnection().createArrayOf("uuid", deletions.toArray()));
            });
        }
        return claimed;
    }

    /**
     * Records what the store said: confirmed keys become {@code deleted}; failed ones wait for
     * their next attempt, or end {@code delete_failed}, as the {@link RetryPolicy} decides. Each
     * key's outcome is in the audit, its round's keys of one outcome in one event.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordOutcomes(List<KeyOutcome> outcomes, RetryPolicy retries, Instant now) {
        List<Object> deleted = outcomes.stream().filter(KeyOutcome::deleted).map(o -> (Object) o.due().objectId())
                .toList();
        if (!deleted.isEmpty()) {
            // found by primary key and checked where they are locked: given "state = 'deleting'"
            // beside the ids, the planner took the partial index of deleting rows, which statistics
            // from before a large deletion call nearly empty, and walked all of it for every batch
            // (108 ms a batch at 100,000 keys, growing with the deletion; ~30 ms this way)
            sql.update("with target as (select ctid, state from stored_object where id = any(?) for update)"
                    + " update stored_object o set " + CONFIRM_DELETED.set() + " from target"
                    + " where o.ctid = target.ctid and " + CONFIRM_DELETED.fromStateOf("target"), statement -> {
                statement.setArray(1, statement.getConnection().createArrayOf("uuid", deleted.toArray()));
                statement.setTimestamp(2, Timestamp.from(now));
                statement.setTimestamp(3, Timestamp.from(now));
            });
        }
        Object[] progressed = outcomes.stream().filter(KeyOutcome::deleted).map(o -> o.due().deletionId())
                .distinct().toArray();
        if (progressed.length > 0) {
            sql.update("update deletion_request set progressed_at = ? where id = any(?)", statement -> {
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setArray(2, statement.getConnection().createArrayOf("uuid", progressed));
            });
        }
        List<KeyOutcome> held = outcomes.stream().filter(KeyOutcome::held).toList();
        sql.batch("update stored_object set " + HOLD.set() + " where id = ? and " + HOLD.from(), held,
                (statement, outcome) -> {
                    statement.setTimestamp(1, Timestamp.from(outcome.heldUntil()));
                    statement.setString(2, outcome.code());
                    statement.setString(3, outcome.message());
                    statement.setTimestamp(4, Timestamp.from(now));
                    statement.setObject(5, outcome.due().objectId());
                });
        Map<KeyOutcome, RetryPolicy.Decision> decisions = new HashMap<>();
        outcomes.stream().filter(KeyOutcome::failed).forEach(o -> decisions.put(o, retries.decide(o, now)));
        sql.batch("update stored_object set attempts = attempts + ?, failing_since = coalesce(failing_since, ?),"
                + " last_error = ?, last_error_code = ?, lease_until = null, updated_at = ?,"
                + " state = case when ? then '" + GIVE_UP.target().wireName() + "' else state end, next_attempt_at = ?,"
                + " waiting_for_store = ? where id = ? and " + GIVE_UP.from(), List.copyOf(decisions.entrySet()),
                (statement, entry) -> {
                    KeyOutcome outcome = entry.getKey();
                    RetryPolicy.Decision decision = entry.getValue();
                    statement.setInt(1, decision.countsAsAttempt() ? 1 : 0);
                    statement.setTimestamp(2, Timestamp.from(now));
                    statement.setString(3, outcome.message());
                    statement.setString(4, outcome.code());
                    statement.setTimestamp(5, Timestamp.from(now));
                    statement.setBoolean(6, decision.givesUp());
                    statement.setTimestamp(7, decision.givesUp() ? null : Timestamp.from(decision.nextAttemptAt()));
                    // an outage of the store, not a refusal of the key: the store's return releases it
                    // (a slow-down is due at once and waits for nothing)
                    statement.setBoolean(8, !decision.givesUp() && outcome.transientFailure() && !outcome.throttled());
                    statement.setObject(9, outcome.due().objectId());
                });
        recordErasedVersions(outcomes, now);
        // one event per deletion, outcome and error: a round's keys mostly share all three; a
        // versioned key reads as one "deleted" entry per version erased (a held key's too)
        Map<OutcomeEvent, List<AuditedKey>> events = new LinkedHashMap<>();
        for (KeyOutcome outcome : outcomes) {
            String key = outcome.due().key();
            var erased = new OutcomeEvent(outcome.due().deletionId(), "deleted", null);
            outcome.erasedVersions().forEach(version -> events.computeIfAbsent(erased, e -> new ArrayList<>())
                    .add(new AuditedKey(key, version)));
            if (outcome.deleted() && !outcome.erasedVersions().isEmpty()) {
                continue;
            }
            var event = outcome.deleted() ? erased : new OutcomeEvent(outcome.due().deletionId(),
                    outcome.held() ? "held" : decisions.get(outcome).givesUp() ? "delete_failed" : "retry",
                    outcome.code() + ": " + outcome.message()
                            + (outcome.held() ? "; tried again at " + outcome.heldUntil() : ""));
            events.computeIfAbsent(event, e -> new ArrayList<>()).add(new AuditedKey(key, null));
        }
        events.forEach((event, entries) -> {
            List<String> versions = entries.stream().map(AuditedKey::versionId).toList();
            audit.recordVersions(AuditLog.SYSTEM, "delete_object", event.deletionId(), null,
                    entries.stream().map(AuditedKey::key).toList(),
                    versions.stream().allMatch(Objects::isNull) ? null : versions, event.outcome(), event.detail());
        });
    }

    /** Keeps the versions the store confirmed erased as proof; nothing when the store keeps no versions. */
    private void recordErasedVersions(List<KeyOutcome> outcomes, Instant now) {
        List<Object> objects = new ArrayList<>();
        List<Object> versions = new ArrayList<>();
        outcomes.forEach(outcome -> outcome.erasedVersions().forEach(version -> {
            objects.add(outcome.due().objectId());
            versions.add(version);
        }));
        if (objects.isEmpty()) {
            return;
        }
        sql.update("insert into erased_version (object_id, version_id, erased_at) select object_id, version_id, ?"
                + " from unnest(?::uuid[], ?::text[]) as erased(object_id, version_id) on conflict do nothing",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(now));
                    statement.setArray(2, statement.getConnection().createArrayOf("uuid", objects.toArray()));
                    statement.setArray(3, statement.getConnection().createArrayOf("text", versions.toArray()));
                });
    }

    private record OutcomeEvent(UUID deletionId, String outcome, String detail) {
    }

    /** A key of an audit event, with the version it is about (null: the key as a whole). */
    private record AuditedKey(String key, String versionId) {
    }

    /** Whether any key of the bucket waits for the store to answer again (its delete failed in an outage). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean anyWaitingForStore(String bucket) {
        return sql.query("select exists (select 1 from stored_object where bucket = ? and waiting_for_store"
                + " and state = 'deleting')", statement -> statement.setString(1, bucket), rows -> {
                    rows.next();
                    return rows.getBoolean(1);
                });
    }

    /** The store answers again: every key that waited for it is due now; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseWaitingForStore(String bucket, Instant now) {
        return sql.update("update stored_object set next_attempt_at = least(next_attempt_at, ?),"
                + " waiting_for_store = false where bucket = ? and waiting_for_store and state = 'deleting'",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(now));
                    statement.setString(2, bucket);
                });
    }

    /**
     * Makes up to {@code limit} held keys whose hold may have ended due now, and runs their
     * finished deletions again (they finish anew once the keys are gone or held again).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseDueHolds(String bucket, int limit, Instant now) {
        List<UUID> deletions = sql.query("with due as (select ctid from stored_object where state = 'held'"
                + " and bucket = ? and next_attempt_at <= ? order by next_attempt_at limit ? for update skip locked)"
                + " update stored_object o set " + RELEASE_HOLD.set() + " from due where o.ctid = due.ctid"
                + " returning o.deletion_id", statement -> {
                    statement.setString(1, bucket);
                    statement.setTimestamp(2, Timestamp.from(now));
                    statement.setInt(3, limit);
                    statement.setTimestamp(4, Timestamp.from(now));
                    statement.setBoolean(5, false);
                    statement.setTimestamp(6, Timestamp.from(now));
                }, rows -> {
                    List<UUID> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                    return ids;
                });
        if (!deletions.isEmpty()) {
            sql.update("update deletion_request set state = " + quoted(DeletionState.RUNNING)
                    + ", finished_at = null, lease_until = null"
                    + " where id = any(?) and state = " + quoted(DeletionState.COMPLETED_WITH_HOLDS),
                    statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid",
                            deletions.stream().distinct().toArray())));
        }
        return deletions.size();
    }

    /**
     * Leases up to {@code limit} open deletions none of whose rows is still {@code deleting}; one
     * still expanding has rows to come.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<UUID> claimSettled(int limit, Duration lease, Instant now) {
        return sql.query("update deletion_request d set lease_until = ?"
                + " where d.id in (select r.id from deletion_request r"
                + " where r.state in (" + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ")"
                + " and r.sweep_state <> " + quoted(SweepState.HELD) + " and r.expanded"
                + " and (r.lease_until is null or r.lease_until < ?)"
                + " and not exists (select 1 from stored_object o where o.deletion_id = r.id and o.state = 'deleting')"
                + " order by r.created_at limit ? for update skip locked) returning d.id", statement -> {
            statement.setTimestamp(1, Timestamp.from(now.plus(lease)));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setInt(3, limit);
        }, rows -> {
            List<UUID> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
            return ids;
        });
    }

    /** Gives a deletion's lease back, so the next round (of any worker) may take it up. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(UUID deletionId) {
        sql.update("update deletion_request set lease_until = null where id = ?", s -> s.setObject(1, deletionId));
    }

    /**
     * Makes keys the sweep found part of the deletion: a new {@code deleting} row for a key the
     * ledger never knew, or a live row of another state taken over. Returns how many were queued.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int queueUntracked(UUID deletionId, String bucket, List<UntrackedKey> keys, Instant now) {
        Set<String> inserted = insertDeleting(deletionId, bucket, keys, now, now);
        int[] takenOver = sql.batch("update stored_object set " + MARK_DELETING.set()
                + " where bucket = ? and object_key = ? and " + MARK_DELETING.from()
                + " and not (state = 'delete_failed' and deletion_id = ?)", keys, (statement, key) -> {
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
     * Parks keys a bulk cleanup found in a deletion it still holds: new {@code deleting} rows with
     * no attempt due, so the drain leaves them until the run releases them. Only keys no live row
     * holds are taken (a row that appeared since the listing belongs to someone). Returns how many.
     */
    public int parkUntracked(UUID deletionId, String bucket, List<UntrackedKey> keys, Instant now) {
        return insertDeleting(deletionId, bucket, keys, null, now).size();
    }

    /**
     * A new {@code deleting} row (retention class {@code standard}) per key no live row holds;
     * returns the keys inserted. One statement over arrays, so the answer is exact: a batch of
     * single-row inserts reports no counts once the driver rewrites it into one statement.
     */
    private Set<String> insertDeleting(UUID deletionId, String bucket, List<UntrackedKey> keys, Instant due,
                                       Instant now) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return sql.query("insert into stored_object (id, bucket, object_key, user_id, project_id, scene_id,"
                + " file_type, filename, size_bytes, retention_class, metadata, state, deletion_id, attempts,"
                + " next_attempt_at, created_at, updated_at) select gen_random_uuid(), ?, k.object_key, k.user_id,"
                + " k.project_id, k.scene_id, k.file_type, k.filename, k.size_bytes, 'standard', '{}', 'deleting',"
                + " ?, 0, ?, ?, ? from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::bigint[]) as k(object_key, user_id, project_id, scene_id, file_type, filename, size_bytes)"
                + " on conflict (bucket, object_key) where state <> 'deleted' do nothing returning object_key",
                statement -> {
                    statement.setString(1, bucket);
                    statement.setObject(2, deletionId);
                    statement.setTimestamp(3, due == null ? null : Timestamp.from(due));
                    statement.setTimestamp(4, Timestamp.from(now));
                    statement.setTimestamp(5, Timestamp.from(now));
                    List<KeyParts> owners = keys.stream().map(k -> k.owner() == null
                            ? new KeyParts(null, null, null, null, null) : k.owner()).toList();
                    var connection = statement.getConnection();
                    statement.setArray(6, connection.createArrayOf("text", keys.stream().map(UntrackedKey::key).toArray()));
                    statement.setArray(7, connection.createArrayOf("text", owners.stream().map(KeyParts::userId).toArray()));
                    statement.setArray(8, connection.createArrayOf("text", owners.stream().map(KeyParts::projectId).toArray()));
                    statement.setArray(9, connection.createArrayOf("text", owners.stream().map(KeyParts::sceneId).toArray()));
                    statement.setArray(10, connection.createArrayOf("text", owners.stream().map(KeyParts::fileType).toArray()));
                    statement.setArray(11, connection.createArrayOf("text", owners.stream().map(KeyParts::filename).toArray()));
                    statement.setArray(12, connection.createArrayOf("bigint", keys.stream().map(k -> (Object) k.sizeBytes()).toArray()));
                }, rows -> {
                    Set<String> inserted = new HashSet<>();
                    while (rows.next()) {
                        inserted.add(rows.getString(1));
                    }
                    return inserted;
                });
    }

    /** Makes a held deletion's parked rows (queued, no attempt due) due now; returns how many. */
    public int releaseParked(UUID deletionId, Instant now) {
        return sql.update("update stored_object set next_attempt_at = ?, updated_at = ? where deletion_id = ?"
                + " and state = 'deleting' and next_attempt_at is null", statement -> {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setObject(3, deletionId);
        });
    }

    /**
     * Counts a deletion's rows by outcome. While it is expanding, the total is at least the live
     * rows its request counted, so it does not grow chunk by chunk under a client's progress bar.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DeletionCounts counts(UUID deletionId) {
        // purged rows (deleted long ago) count through the request's purged_* figures
        return sql.query("with r as (select coalesce(max(expected_keys) filter (where not expanded), 0) expected,"
                + " coalesce(max(purged_keys), 0) keys, coalesce(max(purged_bytes), 0) bytes from deletion_request"
                + " where id = ?) select greatest(count(o.id) + r.keys, r.expected),"
                + " count(o.id) filter (where o.state = 'deleted') + r.keys,"
                + " count(o.id) filter (where o.state = 'delete_failed'),"
                + " count(o.id) filter (where o.state = 'held'),"
                + " coalesce(sum(o.size_bytes) filter (where o.state = 'deleted'), 0) + r.bytes"
                + " from r left join stored_object o on o.deletion_id = ? group by r.keys, r.expected, r.bytes", s -> {
            s.setObject(1, deletionId);
            s.setObject(2, deletionId);
        }, rows -> {
            rows.next();
            return new DeletionCounts(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                    rows.getLong(5));
        });
    }

    /**
     * The deletions that finished in {@code [from, to)}, counted as {@link #counts} counts one (a
     * records-only deletion reclaims no bytes), summed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DeletionDigest finishedBetween(Instant from, Instant to) {
        Map<String, Long> byState = new LinkedHashMap<>();
        long[] sums = new long[4];
        sql.query("select d.state, count(*), sum(d.purged_keys + o.deleted),"
                + " sum(case when d.records_only then 0 else d.purged_bytes + o.bytes end), sum(o.failed), sum(o.held)"
                + " from deletion_request d cross join lateral (select count(*) filter (where state = 'deleted') deleted,"
                + " coalesce(sum(size_bytes) filter (where state = 'deleted'), 0) bytes,"
                + " count(*) filter (where state = 'delete_failed') failed, count(*) filter (where state = 'held') held"
                + " from stored_object where deletion_id = d.id) o"
                + " where d.finished_at >= ? and d.finished_at < ? group by d.state order by d.state", s -> {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
        }, rows -> {
            while (rows.next()) {
                byState.put(rows.getString(1), rows.getLong(2));
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += rows.getLong(3 + i);
                }
            }
            return null;
        });
        return new DeletionDigest(from, to, byState, sums[0], sums[1], sums[2], sums[3]);
    }

    /**
     * Purges up to {@code limit} rows deleted before {@code before}, adding what they counted to
     * their deletions' purged figures in the same statement, audited; returns how many went.
     */
    public int purgeDeleted(Instant before, int limit) {
        int purged = sql.query("with gone as (delete from stored_object where ctid in (select ctid from stored_object"
                + " where state = 'deleted' and deleted_at < ? limit ?) returning deletion_id, size_bytes),"
                + " counted as (update deletion_request r set purged_keys = r.purged_keys + g.keys,"
                + " purged_bytes = r.purged_bytes + g.bytes from (select deletion_id, count(*) keys,"
                + " coalesce(sum(size_bytes), 0) bytes from gone group by deletion_id) g where r.id = g.deletion_id)"
                + " select count(*) from gone", statement -> {
                    statement.setTimestamp(1, Timestamp.from(before));
                    statement.setInt(2, limit);
                }, rows -> {
                    rows.next();
                    return rows.getInt(1);
                });
        if (purged > 0) {
            audit.record(AuditLog.SYSTEM, "purge_deleted_records", null, null, null, "purged",
                    purged + " record(s) deleted before " + before);
        }
        return purged;
    }

    /**
     * The deletion's keys after {@code afterKey} (null: from the first) in key order, with their
     * outcomes and the versions erased of each; only those with {@code outcome} when it is given.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeletionKey> keys(UUID deletionId, DeletionKey.Outcome outcome, String afterKey, int limit) {
        String states = (outcome == null ? Arrays.stream(DeletionKey.Outcome.values()) : Stream.of(outcome))
                .map(o -> "'" + o.state().wireName() + "'").collect(Collectors.joining(", "));
        return sql.query("select object_key, state, coalesce(deleted_at, updated_at), last_error_code, last_error,"
                + " array(select version_id from erased_version v where v.object_id = o.id"
                + " order by version_id collate \"C\") from stored_object o where deletion_id = ? and object_key > ?"
                + " and state in (" + states + ") order by object_key limit ?", statement -> {
                    statement.setObject(1, deletionId);
                    statement.setString(2, afterKey == null ? "" : afterKey);
                    statement.setInt(3, limit);
                }, rows -> {
                    List<DeletionKey> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(new DeletionKey(rows.getString(1),
                                DeletionKey.Outcome.ofState(rows.getString(2)).wireName(),
                                rows.getTimestamp(3).toInstant(), rows.getString(4), rows.getString(5),
                                List.of((String[]) rows.getArray(6).getArray())));
                    }
                    return keys;
                });
    }

    /** The last errors of the deletion's keys that failed at least once, by key. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<KeyError> errors(UUID deletionId, int limit) {
        return sql.query("select object_key, last_error_code, last_error from stored_object where deletion_id = ?"
                + " and last_error is not null order by object_key limit ?", statement -> {
            statement.setObject(1, deletionId);
            statement.setInt(2, limit);
        }, rows -> {
            List<KeyError> errors = new ArrayList<>();
            while (rows.next()) {
                errors.add(new KeyError(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
            return errors;
        });
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

    /**
     * Makes the deletion's held keys due now, asking the store to bypass governance retention for
     * them when {@code bypassGovernance} (an admin's retry); returns how many.
     */
    public int requeueHeld(UUID deletionId, boolean bypassGovernance, Instant now) {
        return sql.update("update stored_object set " + RELEASE_HOLD.set() + " where deletion_id = ? and "
                + RELEASE_HOLD.from(), statement -> {
                    statement.setTimestamp(1, Timestamp.from(now));
                    statement.setBoolean(2, bypassGovernance);
                    statement.setTimestamp(3, Timestamp.from(now));
                    statement.setObject(4, deletionId);
                });
    }

    /** Queues the deletion's failed keys again from scratch; returns how many. */
    public int requeueFailed(UUID deletionId, Instant now) {
        return sql.update("update stored_object set " + MARK_DELETING.set()
                + " where deletion_id = ? and " + MARK_DELETING.from(ObjectState.DELETE_FAILED), statement -> {
            statement.setObject(1, deletionId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setObject(4, deletionId);
        });
    }

    /** Up to {@code limit} live (not deleted) rows of the scope, by key, and how many there are in all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LiveRows liveRows(DeletionScope scope, String bucket, int limit) {
        Scope where = Scope.of(scope);
        List<TrackedKey> keys = sql.query("select id, object_key, coalesce(size_bytes, 0), state from stored_object"
                + " where bucket = ? and " + where.sql + " and state <> 'deleted' order by object_key limit ?",
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
                + where.sql + " and state <> 'deleted'", statement -> {
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
                + " and state <> 'deleted'", statement -> {
            statement.setString(1, bucket);
            statement.setArray(2, statement.getConnection().createArrayOf("text", keys.toArray()));
        }, LedgerSql::stringSet);
    }

    /**
     * The quarantine's copies of files whose original key starts with the prefix, while they are
     * held ({@code quarantined}); {@code deletionId} non-null: those this deletion already purged.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<QuarantineCopy> quarantineCopies(String prefix, UUID deletionId) {
        return sql.query("select id, original_key, quarantine_key, size_bytes from quarantined_object"
                + " where original_key like ? and (case when ?::uuid is null then state = 'quarantined'"
                + " else state = 'purged' and deletion_id = ? end) order by original_key", statement -> {
            statement.setString(1, StoredObjectRepository.likePrefix(prefix));
            statement.setObject(2, deletionId);
            statement.setObject(3, deletionId);
        }, rows -> {
            List<QuarantineCopy> copies = new ArrayList<>();
            while (rows.next()) {
                copies.add(new QuarantineCopy(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                        rows.getLong(4)));
            }
            return copies;
        });
    }

    /**
     * Deletes the owner's quarantined copies with it: their keys join the deletion and the copies
     * are marked purged by it, in one transaction. Returns how many.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeQuarantineCopies(UUID deletionId, String bucket, List<QuarantineCopy> copies, Instant now) {
        if (copies.isEmpty()) {
            return 0;
        }
        queueUntracked(deletionId, bucket, copies.stream()
                .map(c -> new UntrackedKey(c.quarantineKey(), c.sizeBytes(), null)).toList(), now);
        sql.update("update quarantined_object set state = 'purged', deletion_id = ?, ended_at = ?,"
                + " detail = 'deleted with its owner' where id = any(?) and state = 'quarantined'", statement -> {
            statement.setObject(1, deletionId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, statement.getConnection().createArrayOf("uuid",
                    copies.stream().map(QuarantineCopy::id).toArray()));
        });
        audit.record(AuditLog.SYSTEM, "purge_quarantine", deletionId, null, null, "queued",
                copies.size() + " quarantined copies of the owner's files queued with it");
        return copies.size();
    }

    /** A file held in the quarantine, by the key it came from. */
    public record QuarantineCopy(UUID id, String originalKey, String quarantineKey, long sizeBytes) {
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
                case RETENTION -> new Scope("state = 'active' and expires_at <= now()", List.of());
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
