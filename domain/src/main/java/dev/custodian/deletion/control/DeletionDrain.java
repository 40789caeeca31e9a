package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectStoreException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Step 2 of the pipeline. One round: lease up to {@code parallelism × batch-size} due rows and
 * commit, re-check they are still due, delete them in store batches of up to 1000 keys with
 * bounded parallelism, then record every key's outcome in a new transaction. A crash anywhere
 * loses nothing: the lease runs out and the rows are due again; deleting an absent key is success.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class DeletionDrain {

    private static final Logger LOG = Logger.getLogger(DeletionDrain.class.getName());

    @Inject
    DeletionLedger ledger;

    @Inject
    ObjectStore store;

    @Inject
    DeletionSettings settings;

    @Resource
    ManagedExecutorService executor;

    /** Drains one round; returns how many keys it settled (0 when nothing was due). */
    public int drainOnce() {
        Instant now = now();
        List<DueKey> claimed = ledger.claimDue(store.bucket(), settings.batchSize() * settings.parallelism(),
                settings.lease(), now);
        if (claimed.isEmpty()) {
            return 0;
        }
        Set<UUID> due = ledger.stillDeleting(claimed);
        List<DueKey> toDelete = claimed.stream().filter(k -> due.contains(k.objectId())).toList();
        List<KeyOutcome> outcomes = deleteInBatches(toDelete);
        ledger.recordOutcomes(outcomes, settings, now());
        return outcomes.size();
    }

    private List<KeyOutcome> deleteInBatches(List<DueKey> keys) {
        List<List<DueKey>> batches = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += settings.batchSize()) {
            batches.add(keys.subList(from, Math.min(keys.size(), from + settings.batchSize())));
        }
        List<Future<List<KeyOutcome>>> running = new ArrayList<>();
        for (List<DueKey> batch : batches) {
            running.add(executor.submit(() -> deleteBatch(batch)));
        }
        List<KeyOutcome> outcomes = new ArrayList<>(keys.size());
        for (int i = 0; i < running.size(); i++) {
            try {
                outcomes.addAll(running.get(i).get());
            } catch (ExecutionException e) {
                outcomes.addAll(failAll(batches.get(i), "Unexpected", String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deleting; the lease returns the rows", e);
            }
        }
        return outcomes;
    }

    /** One DeleteObjects call; a failure of the whole call is every key's failure. */
    private List<KeyOutcome> deleteBatch(List<DueKey> batch) {
        List<DeleteOutcome> answers;
        try {
            answers = store.delete(batch.stream().map(DueKey::key).toList());
        } catch (ObjectStoreException e) {
            LOG.warning(() -> "store refused a batch of " + batch.size() + " keys: " + e.getMessage());
            return failAll(batch, e.code(), e.getMessage());
        }
        List<KeyOutcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            DeleteOutcome answer = answers.get(i);
            outcomes.add(new KeyOutcome(batch.get(i), answer.deleted(), answer.code(), answer.message()));
        }
        return outcomes;
    }

    private static List<KeyOutcome> failAll(List<DueKey> batch, String code, String message) {
        return batch.stream().map(k -> new KeyOutcome(k, false, code, message)).toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
