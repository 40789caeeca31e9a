package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionRequest.SweepState;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.ledger.entity.ObjectState;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.custodian.ledger.entity.ObjectTransition.CONFIRM_DELETED;
import static dev.custodian.ledger.entity.ObjectTransition.GIVE_UP;
import static dev.custodian.ledger.entity.ObjectTransition.HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_PARKED;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The drain's SQL: leasing due keys, recording what the store said of them (with the versions it
 * erased, in the audit too), the store's return after an outage, holds that may have ended,
 * settled deletions, retries, and the purge of old proof rows. Set-based, on the ledger's JTA
 * data source: a round touches up to a thousand rows in a few statements. Every method is one
 * short transaction (or joins the caller's). {@link DeletionLedger} fills deletions with rows.
 */
@ApplicationScoped
@Transactional
public class DrainLedger {

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

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
        keepBackDuplicates(bucket, now);
        List<DueKey> claimed = sql.query("with due as (select ctid from stored_object where state = " + quoted(ObjectState.DELETING)
                + " and bucket = ? and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)"
                + " and (replacing_until is null or replacing_until <= ?)"
                + " order by next_attempt_at limit ? for update skip locked)"
                + " update stored_object o set lease_until = ? from due where o.ctid = due.ctid"
                + " returning " + DUE_KEY_COLUMNS, statement -> {
            statement.setString(1, bucket);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setInt(5, limit);
            statement.setTimestamp(6, Timestamp.from(now.plus(lease)));
        }, rows -> {
            List<DueKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(dueKey(rows, 1));
            }
            return keys;
        });
        Set<UUID> deletions = new HashSet<>();
        claimed.forEach(k -> deletions.add(k.deletionId()));
        startRunning(deletions, now);
        return claimed;
    }

    /** What a claimed row's {@link DueKey} is read from, {@code o} being the row ({@link #dueKey}). */
    static final String DUE_KEY_COLUMNS = "o.id, o.object_key, o.deletion_id, o.attempts, o.failing_since,"
            + " coalesce(o.size_bytes, 0) size_bytes, o.bypass_governance";

    /** The {@link DueKey} of {@link #DUE_KEY_COLUMNS}, read from the result's column {@code first} on. */
    static DueKey dueKey(ResultSet rows, int first) throws SQLException {
        Timestamp failingSince = rows.getTimestamp(first + 4);
        return new DueKey(rows.getObject(first, UUID.class), rows.getString(first + 1), rows.getObject(first + 2, UUID.class),
                rows.getInt(first + 3), failingSince == null ? null : failingSince.toInstant(), rows.getLong(first + 5),
                rows.getBoolean(first + 6));
    }

    /** The deletions whose first keys were just leased are running from now. */
    public void startRunning(Set<UUID> deletions, Instant now) {
        if (!deletions.isEmpty()) {
            sql.update("update deletion_request set state = " + quoted(DeletionState.RUNNING) + ", started_at = ?"
                    + " where state = " + quoted(DeletionState.QUEUED) + " and id = any(?)", statement -> {
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setArray(2, statement.getConnection().createArrayOf("uuid", deletions.toArray()));
            });
        }
    }

    /**
     * A duplicate removal deletes a copy only while the copy it keeps is active: a copy whose kept
     * copy left since (deleted, quarantined, missing) is the content's last and goes back to
     * {@code active}, out of the deletion, and no longer answers lookups for the kept one. Checked
     * with the claim, so it is the last word before the store call; a leased copy is already on its way.
     */
    private void keepBackDuplicates(String bucket, Instant now) {
        record KeptBack(UUID deletionId, String key) {
        }
        List<KeptBack> keptBack = sql.query("with kept_back as (select o.ctid, o.deletion_id from stored_object o"
                + " join duplicate_removal d on d.removed_id = o.id and d.deletion_id = o.deletion_id"
                + " join deletion_request r on r.id = d.deletion_id and r.scope_type = 'duplicates'"
                + " and r.state in (" + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ")"
                + " where o.bucket = ? and " + RELEASE_PARKED.fromStateOf("o") + " and (o.lease_until is null or o.lease_until <= ?)"
                + " and not exists (select 1 from stored_object k where k.id = d.kept_id and k.state = "
                + quoted(ObjectState.ACTIVE) + ") for update of o skip locked),"
                + " released as (update stored_object o set " + RELEASE_PARKED.set() + " from kept_back"
                + " where o.ctid = kept_back.ctid returning o.id, o.object_key, kept_back.deletion_id),"
                + " forgotten as (delete from duplicate_removal d using released where d.removed_id = released.id)"
                + " select deletion_id, object_key from released", statement -> {
            statement.setString(1, bucket);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
        }, rows -> {
            List<KeptBack> found = new ArrayList<>();
            while (rows.next()) {
                found.add(new KeptBack(rows.getObject(1, UUID.class), rows.getString(2)));
            }
            return found;
        });
        keptBack.stream().collect(Collectors.groupingBy(KeptBack::deletionId)).forEach((id, keys) ->
                audit.recordKeys(AuditLog.SYSTEM, "keep_duplicate", id, null, keys.stream().map(KeptBack::key).toList(),
                        "kept", "the copy it duplicated is no longer active: this one is the content's last"));
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
                + " and state = " + quoted(ObjectState.DELETING) + ")", statement -> statement.setString(1, bucket), rows -> {
                    rows.next();
                    return rows.getBoolean(1);
                });
    }

    /** The store answers again: every key that waited for it is due now; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseWaitingForStore(String bucket, Instant now) {
        return sql.update("update stored_object set next_attempt_at = least(next_attempt_at, ?),"
                + " waiting_for_store = false where bucket = ? and waiting_for_store and state = " + quoted(ObjectState.DELETING),
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
        List<UUID> deletions = sql.query("with due as (select ctid from stored_object where state = " + quoted(ObjectState.HELD)
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
                + " and not exists (select 1 from stored_object o where o.deletion_id = r.id and o.state = " + quoted(ObjectState.DELETING) + ")"
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
     * Purges up to {@code limit} rows deleted before {@code before}, adding what they counted to
     * their deletions' purged figures in the same statement, audited; returns how many went.
     */
    public int purgeDeleted(Instant before, int limit) {
        int purged = sql.query("with gone as (delete from stored_object where ctid in (select ctid from stored_object"
                + " where state = " + quoted(ObjectState.DELETED) + " and deleted_at < ? limit ?) returning deletion_id, size_bytes),"
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
}
