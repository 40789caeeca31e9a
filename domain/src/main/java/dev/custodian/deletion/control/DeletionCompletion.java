package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionFinished;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.control.StoreCallLimit;
import dev.custodian.objectstore.entity.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Steps 3 and 4 of the pipeline, for deletions none of whose rows is still due. An owner deletion
 * first sweeps: it lists the owner's canonical prefixes and legacy templates once the tracked keys
 * are gone, so the listing returns only what the ledger never knew, and queues those keys
 * (ambiguous legacy keys are reported, never deleted), and the quarantined copies of its files.
 * Then every deletion is verified by a last look at the store (the quarantined copies included)
 * and finished. A store failure leaves the deletion as it was, to be tried again.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class DeletionCompletion {

    private static final Logger LOG = Logger.getLogger(DeletionCompletion.class.getName());
    /** How many remaining keys a finished deletion keeps for its report. */
    static final int REPORTED_KEYS = 1000;
    private static final int QUEUE_BATCH = 1000;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    DeletionLedger ledger;

    @Inject
    QuarantinedCopies quarantine;

    @Inject
    DrainLedger drainLedger;

    @Inject
    StoredObjectRepository objects;

    @Inject
    ObjectStore store;

    @Inject
    KeyLayout layout;

    @Inject
    DeletionSettings settings;

    @Inject
    DeletionSteps steps;

    @Inject
    OwnerKeys ownerKeys;

    @Inject
    Event<DeletionFinished> finished;

    @Inject
    StoreCallLimit storeCalls;

    /**
     * Advances every settled deletion by one step; returns how many it advanced. Each step's
     * listings take a slot of the {@link StoreCallLimit}, like a drain batch.
     */
    public int advance() throws InterruptedException {
        List<UUID> settled = drainLedger.claimSettled(20, settings.lease(), Instant.now());
        for (UUID id : settled) {
            try (StoreCallLimit.Permit permit = storeCalls.acquire()) {
                advance(id, permit);
            } finally {
                drainLedger.release(id);
            }
        }
        return settled.size();
    }

    private void advance(UUID id, StoreCallLimit.Permit permit) {
        try {
            DeletionRequest request = em.find(DeletionRequest.class, id);
            if (request.sweepState() == DeletionRequest.SweepState.PENDING) {
                sweep(request);
            } else {
                verifyAndFinish(request);
            }
            permit.answered();
        } catch (ObjectStoreException e) {
            if (e.isThrottled()) {
                permit.throttled();
            }
            LOG.log(Level.WARNING, "deletion " + id + " waits for the store: " + e.getMessage());
        } catch (RuntimeException e) {
            // one deletion that cannot advance must not stop the others of the round; its
            // lease is given back, so the next round tries it again
            LOG.log(Level.SEVERE, "deletion " + id + " could not advance", e);
        }
    }

    private void sweep(DeletionRequest request) {
        List<String> ambiguous = new ArrayList<>();
        List<UntrackedKey> found = new ArrayList<>();
        int[] queued = {0};
        Consumer<List<UntrackedKey>> queue = batch -> queued[0] += ledger.queueUntracked(request.id(),
                store.bucket(), batch, now());
        ownerKeys.list(request.scope(), info -> {
            found.add(new UntrackedKey(info.key(), Math.max(0, info.sizeBytes()),
                    layout.parse(info.key()).parts().orElse(null)));
            if (found.size() == QUEUE_BATCH) {
                queue.accept(List.copyOf(found));
                found.clear();
            }
        }, ambiguous::add);
        queue.accept(found);
        // the owner's files moved aside are the owner's too: they go with it
        queued[0] += quarantine.purgeWith(request.id(), store.bucket(),
                ownerKeys.quarantined(request.scope(), null), now());
        steps.sweepDone(request.id(), ambiguous, queued[0]);
    }

    private void verifyAndFinish(DeletionRequest request) {
        Set<String> remaining = new LinkedHashSet<>();
        DeletionScope scope = request.scope();
        if (scope.owner().isPresent()) {
            ownerKeys.list(scope, info -> {
                if (remaining.size() < REPORTED_KEYS) {
                    remaining.add(info.key());
                }
            }, key -> { });
            // a quarantined copy still held, or one this deletion purged that is still there, remains
            ownerKeys.quarantined(scope, null).forEach(c -> remaining.add(c.quarantineKey()));
            ownerKeys.quarantined(scope, request.id()).stream().limit(REPORTED_KEYS)
                    .filter(c -> store.head(c.quarantineKey()).isPresent())
                    .forEach(c -> remaining.add(c.quarantineKey()));
        } else if (scope.type() == ScopeType.OBJECT) {
            objects.findById(scope.objectId())
                    .filter(o -> store.head(o.key()).isPresent())
                    .ifPresent(o -> remaining.add(o.key()));
        }
        steps.finish(request.id(), List.copyOf(remaining));
        // after the commit: what observes a finish (the receipt) reads it done, and cannot undo it
        finished.fire(new DeletionFinished(request.id()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The transactional ends of a step, apart so that the store calls above stay outside them. */
    @ApplicationScoped
    @Transactional
    public static class DeletionSteps {

        @PersistenceContext(unitName = "custodian")
        EntityManager em;

        @Inject
        DeletionReads reads;

        @Inject
        AuditLog audit;

        @Inject
        DeletionAnnouncements announcements;

        public void sweepDone(UUID deletionId, List<String> ambiguous, int queued) {
            DeletionRequest request = em.find(DeletionRequest.class, deletionId);
            request.sweepDone(ambiguous.size() > REPORTED_KEYS ? ambiguous.subList(0, REPORTED_KEYS) : ambiguous);
            audit.record(AuditLog.SYSTEM, "sweep_untracked", deletionId, null, null, "done",
                    queued + " untracked keys queued, " + ambiguous.size() + " ambiguous keys left alone");
            ambiguous.stream().limit(REPORTED_KEYS).forEach(key -> audit.record(AuditLog.SYSTEM, "skip_ambiguous",
                    deletionId, null, key, "skipped", "the key's layout reads as more than one owner"));
        }

        public void finish(UUID deletionId, List<String> remaining) {
            DeletionRequest request = em.find(DeletionRequest.class, deletionId);
            var counts = reads.counts(deletionId);
            request.finish(remaining, counts.failed() > 0, counts.held() > 0, Instant.now().truncatedTo(ChronoUnit.MICROS));
            audit.record(AuditLog.SYSTEM, "finish_deletion", deletionId, null, null, request.state().wireName(),
                    counts.deleted() + " deleted, " + counts.failed() + " failed, " + counts.held() + " held, "
                            + remaining.size()
                            + " keys remaining, " + counts.bytesReclaimed() + " bytes reclaimed");
            announcements.finished(request, counts);
        }
    }
}
