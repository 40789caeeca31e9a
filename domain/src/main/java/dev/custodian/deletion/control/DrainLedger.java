package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionRequest.SweepState;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.ledger.control.DeletionRows;
import dev.custodian.ledger.control.DrainRows;
import dev.custodian.ledger.entity.FailedRow;
import dev.custodian.ledger.entity.HeldRow;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.Clause;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

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
import java.util.function.Predicate;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The drain's transactions: leasing due keys, recording what the store said of them (with the
 * versions it erased, in the audit too), the store's return after an outage, holds that may have
 * ended, settled deletions, and the purge of old proof rows. The rows' writes are {@link
 * DrainRows}' events, joined to these transactions; the deletions' own bookkeeping
 * ({@code deletion_request}, {@code erased_version}) and the audit are here. Every method is one
 * short transaction (or joins the caller's). {@link DeletionLedger} fills deletions with rows.
 */
@ApplicationScoped
@Transactional
public class DrainLedger {

    /** How fresh {@code progressed_at} is kept: rewriting it for every round of every loop cost a row version each. */
    private static final Duration PROGRESS_GRAIN = Duration.ofSeconds(1);

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    @Inject
    DrainRows drainRows;

    @Inject
    DeletionRows deletionRows;

    /**
     * Leases up to {@code limit} due rows ({@code FOR UPDATE SKIP LOCKED}, so concurrent workers
     * never claim the same row) until {@code now + lease}; their deletions start running. A row
     * whose lease ran out (its worker died) is due again. This is the last check before the store
     * call: a row that left {@code deleting} (forgotten, restored, retried elsewhere) is not claimed,
     * nor one whose replace upload is still storing its bytes (the key goes after them).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<DueKey> claimDue(String bucket, int limit, Duration lease, Instant now) {
        keepBackDuplicates(bucket, now);
        List<DueKey> claimed = drainRows.claimDue(bucket, limit, lease, now).stream().map(DueKey::of).toList();
        Set<UUID> deletions = new HashSet<>();
        claimed.forEach(k -> deletions.add(k.deletionId()));
        startRunning(deletions, now);
        return claimed;
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
        drainRows.keepBackDuplicates(bucket, OPEN_DUPLICATE_REMOVALS, now).forEach((id, keys) ->
                audit.recordKeys(AuditLog.SYSTEM, "keep_duplicate", id, null, keys, "kept",
                        "the copy it duplicated is no longer active: this one is the content's last"));
    }

    /** The deletions {@code r} whose duplicates the drain still deletes. */
    private static final Clause OPEN_DUPLICATE_REMOVALS = Clause.of("r.scope_type = " + quoted(ScopeType.DUPLICATES)
            + " and r.state in (" + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ")");

    /**
     * Records what the store said: confirmed keys become {@code deleted}; failed ones wait for
     * their next attempt, or end {@code delete_failed}, as the {@link RetryPolicy} decides. An
     * unclaimed row (an owner's chunk) the store confirmed becomes {@code deleted} if it is still
     * the version the chunk read; any other is taken over first, so the deletion's retries and
     * holds apply to it and a changed row's current key goes too; its chunk is no longer in
     * flight. Each key's outcome is in the audit, its round's keys of one outcome in one event.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordOutcomes(List<KeyOutcome> outcomes, RetryPolicy retries, Instant now) {
        Set<UUID> takenOver = settleUnclaimed(outcomes, now);
        Predicate<KeyOutcome> isClaimed = o -> o.due().unclaimed() == null
                || !o.deleted() && takenOver.contains(o.due().objectId());
        List<KeyOutcome> claimed = outcomes.stream().filter(isClaimed).toList();
        drainRows.confirmDeleted(claimed.stream().filter(KeyOutcome::deleted).map(o -> o.due().objectId()).toList(),
                now);
        drainRows.hold(claimed.stream().filter(KeyOutcome::held).map(o -> new HeldRow(o.due().objectId(),
                o.heldUntil(), o.code(), o.message())).toList(), now);
        Map<KeyOutcome, RetryPolicy.Decision> decisions = new HashMap<>();
        List<FailedRow> failed = new ArrayList<>();
        outcomes.stream().filter(KeyOutcome::failed).forEach(outcome -> {
            RetryPolicy.Decision decision = retries.decide(outcome, now);
            decisions.put(outcome, decision);
            if (!isClaimed.test(outcome)) {
                return; // an unclaimed row another deletion took meanwhile, or that is gone
            }
            // an outage of the store, not a refusal of the key: the store's return releases it
            // (a slow-down is due at once and waits for nothing)
            failed.add(new FailedRow(outcome.due().objectId(), outcome.code(), outcome.message(),
                    decision.countsAsAttempt(), decision.givesUp(), decision.nextAttemptAt(),
                    !decision.givesUp() && outcome.transientFailure() && !outcome.throttled()));
        });
        drainRows.retryOrGiveUp(failed, now);
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
        // last: every loop draining the deletion writes this row, and waits for the others' commits;
        // at most once a second, which the "stuck" alert (minutes) cannot tell apart
        Object[] progressed = outcomes.stream().filter(KeyOutcome::deleted).map(o -> o.due().deletionId())
                .distinct().toArray();
        if (progressed.length > 0) {
            sql.update("update deletion_request set progressed_at = ? where id = any(?)"
                    + " and (progressed_at is null or progressed_at < ?)", statement -> {
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setArray(2, statement.getConnection().createArrayOf("uuid", progressed));
                statement.setTimestamp(3, Timestamp.from(now.minus(PROGRESS_GRAIN)));
            });
        }
    }

    /**
     * The unclaimed rows of the outcomes: those the store deleted become proof unless they changed;
     * every other one is taken over by its deletion. Their chunks are no longer in flight.
     * Returns the ids taken over.
     */
    private Set<UUID> settleUnclaimed(List<KeyOutcome> outcomes, Instant now) {
        Map<UUID, List<KeyOutcome>> byDeletion = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.due().unclaimed() != null)
                .forEach(o -> byDeletion.computeIfAbsent(o.due().deletionId(), id -> new ArrayList<>()).add(o));
        Set<UUID> takenOver = new HashSet<>();
        byDeletion.forEach((deletionId, unclaimed) -> {
            Set<UUID> confirmed = drainRows.confirmDeletedUnclaimed(deletionId, unclaimed.stream()
                    .filter(KeyOutcome::deleted).map(o -> o.due().unclaimedRow()).toList(), now);
            List<UUID> rest = unclaimed.stream().map(o -> o.due().objectId()).filter(id -> !confirmed.contains(id))
                    .toList();
            if (!rest.isEmpty()) {
                takenOver.addAll(deletionRows.takeOverUnclaimed(deletionId, rest, now));
            }
        });
        Object[] chunks = outcomes.stream().filter(o -> o.due().unclaimed() != null)
                .map(o -> o.due().unclaimed().chunkId()).distinct().toArray();
        if (chunks.length > 0) {
            sql.update("delete from deletion_chunk where id = any(?)", statement -> statement.setArray(1,
                    statement.getConnection().createArrayOf("uuid", chunks)));
        }
        return takenOver;
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
        return drainRows.releaseWaitingForStore(bucket, now);
    }

    /**
     * Makes up to {@code limit} held keys whose hold may have ended due now, and runs their
     * finished deletions again (they finish anew once the keys are gone or held again).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseDueHolds(String bucket, int limit, Instant now) {
        List<UUID> deletions = drainRows.releaseDueHolds(bucket, limit, now);
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
     * Leases up to {@code limit} open deletions none of whose rows is still {@code deleting}, nor
     * in a chunk in flight; one still expanding has rows to come.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<UUID> claimSettled(int limit, Duration lease, Instant now) {
        return sql.query("update deletion_request d set lease_until = ?"
                + " where d.id in (select r.id from deletion_request r"
                + " where r.state in (" + quoted(DeletionState.QUEUED, DeletionState.RUNNING) + ")"
                + " and r.sweep_state <> " + quoted(SweepState.HELD) + " and r.expanded"
                + " and (r.lease_until is null or r.lease_until < ?)"
                + " and not exists (select 1 from stored_object o where o.deletion_id = r.id and o.state = " + quoted(ObjectState.DELETING) + ")"
                + " and not exists (select 1 from deletion_chunk c where c.deletion_id = r.id)"
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
        int purged = drainRows.purgeDeleted(before, limit);
        if (purged > 0) {
            audit.record(AuditLog.SYSTEM, "purge_deleted_records", null, null, null, "purged",
                    purged + " record(s) deleted before " + before);
        }
        return purged;
    }
}
