package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.deletion.entity.KeysSettled;
import dev.custodian.ledger.control.DatabaseOutages;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.control.StoreCallLimit;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Step 2 of the pipeline. One batch: lease up to {@code batch-size} rows still due and commit (the
 * lease is the last check of each key), delete them with one DeleteObjects request outside any
 * transaction, then record every key's outcome in a new transaction. The worker runs
 * {@code parallelism} of these loops side by side, so one loop's database work overlaps another's
 * store request; the {@link StoreCallLimit} lets fewer of them call the store at once while it asks
 * to slow down. A crash anywhere loses nothing: the lease runs out and the rows are due again;
 * deleting an absent key is success.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class DeletionDrain {

    private static final Logger LOG = Logger.getLogger(DeletionDrain.class.getName());
    static final int OUTCOME_ATTEMPTS = 5;

    @Inject
    DeletionLedger ledger;

    @Inject
    DrainLedger drainLedger;

    @Inject
    ObjectStore store;

    @Inject
    DeletionSettings settings;

    @Inject
    Event<KeysSettled> settled;

    @Inject
    StoreCallLimit storeCalls;

    /**
     * Records the batch's outcomes, again when the transaction lost a race (a deadlock with an
     * owner's expansion running in another loop): given up, its keys would wait out their lease
     * although the store has settled them.
     */
    private void record(List<KeyOutcome> outcomes) {
        for (int attempt = 1; ; attempt++) {
            try {
                drainLedger.recordOutcomes(outcomes, settings.retries(), now());
                return;
            } catch (RuntimeException e) {
                if (attempt >= OUTCOME_ATTEMPTS || !DatabaseOutages.isLostRace(e)) {
                    throw e;
                }
                int tried = attempt;
                LOG.fine(() -> "recording " + outcomes.size() + " outcomes lost a race (attempt " + tried + "): "
                        + e.getMessage());
            }
        }
    }

    /**
     * Drains one batch: the next chunk of an owner deletion still expanding, taken for this loop
     * in one statement (so an owner of any size is expanded at the pace it is drained), else the rows
     * due. Returns how many rows it took or settled (0 when nothing was due). The loop waits for
     * its slot of the {@link StoreCallLimit} before it takes rows, so no key's lease runs while
     * its loop waits for the store's pace.
     */
    public int drainBatch() throws InterruptedException {
        List<DueKey> claimed;
        List<KeyOutcome> outcomes;
        try (StoreCallLimit.Permit permit = storeCalls.acquire()) {
            DeletionLedger.ExpandedChunk chunk = ledger.expandChunk(store.bucket(), settings.batchSize(),
                    settings.lease(), now());
            claimed = chunk.taken() > 0 ? chunk.keys()
                    : drainLedger.claimDue(store.bucket(), settings.batchSize(), settings.lease(), now());
            if (claimed.isEmpty()) {
                return chunk.taken();
            }
            outcomes = deleteBatch(claimed);
            if (outcomes.stream().anyMatch(KeyOutcome::throttled)) {
                permit.throttled();
            } else if (outcomes.stream().anyMatch(o -> !o.failed() || !o.transientFailure())) {
                permit.answered(); // an outage is no answer: it neither halves nor grows the limit
            }
        }
        record(outcomes);
        int deleted = 0;
        long bytes = 0;
        for (KeyOutcome outcome : outcomes) {
            if (outcome.deleted()) {
                deleted++;
                bytes += outcome.due().sizeBytes();
            }
        }
        settled.fire(new KeysSettled(deleted, bytes, (int) outcomes.stream().filter(KeyOutcome::failed).count()));
        return claimed.size();
    }

    /**
     * After an outage: when keys wait for the store and one cheap call finds it answering, they
     * are all due at once, instead of each waiting out a backoff as long as the outage was.
     * Returns how many were released (0 when none waited, or the store is still away).
     */
    public int resumeAfterOutage() {
        if (!drainLedger.anyWaitingForStore(store.bucket()) || !store.isReachable()) {
            return 0;
        }
        int released = drainLedger.releaseWaitingForStore(store.bucket(), now());
        if (released > 0) {
            LOG.info(() -> "the store answers again: " + released + " keys that waited for it are due now");
        }
        return released;
    }

    /** Makes held keys whose hold may have ended due again, and runs their deletions again; returns how many. */
    public int releaseDueHolds() {
        return drainLedger.releaseDueHolds(store.bucket(), settings.batchSize(), now());
    }

    /** The batch's keys that bypass governance retention and the others, each in one store call. */
    private List<KeyOutcome> deleteBatch(List<DueKey> batch) {
        List<DueKey> bypassing = batch.stream().filter(DueKey::bypassGovernance).toList();
        if (bypassing.isEmpty()) {
            return deleteBatch(batch, false);
        }
        List<KeyOutcome> outcomes = new ArrayList<>(deleteBatch(bypassing, true));
        List<DueKey> others = batch.stream().filter(k -> !k.bypassGovernance()).toList();
        if (!others.isEmpty()) {
            outcomes.addAll(deleteBatch(others, false));
        }
        return outcomes;
    }

    /** One store call; a failure of the whole call is every key's failure. */
    private List<KeyOutcome> deleteBatch(List<DueKey> batch, boolean bypassGovernance) {
        List<DeleteOutcome> answers;
        try {
            answers = store.delete(batch.stream().map(DueKey::key).toList(), bypassGovernance);
        } catch (ObjectStoreException e) {
            LOG.log(e.isThrottled() ? Level.FINE : Level.WARNING, () -> "store refused a batch of " + batch.size()
                    + " keys: " + e.getMessage());
            return batch.stream().map(k -> KeyOutcome.unanswered(k, e.code(), e.getMessage(), e.isTransient(),
                    e.isThrottled())).toList();
        }
        List<KeyOutcome> outcomes = new ArrayList<>(batch.size());
        Instant now = now();
        for (int i = 0; i < batch.size(); i++) {
            DeleteOutcome answer = answers.get(i);
            outcomes.add(answer.held()
                    ? new KeyOutcome(batch.get(i), false, Holds.reason(answer.heldVersions()).wireName(),
                            Holds.describe(answer.heldVersions()), false, false,
                            Holds.retryAt(answer.heldVersions(), now, settings.holdRecheck()),
                            answer.deletedVersionIds())
                    : new KeyOutcome(batch.get(i), answer.deleted(), answer.code(), answer.message(),
                            answer.transientFailure(), answer.throttled(), null, answer.deletedVersionIds()));
        }
        return outcomes;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
