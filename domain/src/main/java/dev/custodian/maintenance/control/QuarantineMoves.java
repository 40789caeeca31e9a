package dev.custodian.maintenance.control;

import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.maintenance.control.QuarantineIntents.Intent;
import dev.custodian.maintenance.entity.QuarantineState;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.control.VerifiedCopies;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The one owner of moves into and out of the quarantine, for maintenance, retention and restore
 * alike. Every move is two-phase: its intent is a {@code quarantined_object} row ({@code moving}
 * or {@code restoring}) committed before the first store call, then the store work runs outside
 * any transaction — copy and verify the copy ({@link VerifiedCopies}), delete the source and read
 * its outcome — and one transaction ends it (the record, if any, switches keys; the row becomes
 * {@code quarantined} or {@code restored}). Each step finds where a crashed attempt stopped
 * (the copy already there, the source already gone), so a crash at any point is finished by the
 * next attempt: never an untracked copy under {@code _quarantine/}, never a lost original. A move
 * that cannot go on is undone and ends {@code abandoned} with the reason. Intents are leased, so
 * two instances never work on one; an attempt that meets a store outage keeps its intent for the
 * next one ({@link #resume}). The store work is here; every statement is {@link QuarantineIntents}'.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class QuarantineMoves {

    private static final Logger LOG = Logger.getLogger(QuarantineMoves.class.getName());

    /** How one attempt ended: the move is done, undone (see detail), or waits for a later attempt. */
    public enum Outcome { DONE, UNDONE, LATER }

    public record Result(Outcome outcome, String detail) {
    }

    /** This attempt's lease ran out and another attempt owns the move now: touch nothing. */
    static final Result TAKEN_OVER = new Result(Outcome.LATER, "another attempt took this move over");

    @Inject
    QuarantineIntents intents;

    @Inject
    VerifiedCopies copies;

    @Inject
    ObjectStore store;

    /** Moves an orphaned file under {@code _quarantine/<run id>/}; a restarted run finds its earlier intent. */
    public Result quarantineOrphan(UUID runId, String key, long sizeBytes, String actor) {
        return attempt(intents.intendOrphan(runId, key, sizeBytes, actor));
    }

    /** Puts a quarantined file back; the caller has checked that its key and owner allow it. */
    public Result restore(UUID id, String actor) {
        if (!intents.intendRestore(id, actor)) {
            return new Result(Outcome.UNDONE, "not quarantined");
        }
        return attempt(id);
    }

    /** Carries out the sweep's planned moves; returns how many are done. */
    public int carryOutSweep(UUID sweepId) {
        int done = 0;
        for (List<Intent> batch = intents.claim(sweepId, 100); !batch.isEmpty(); batch = intents.claim(sweepId, 100)) {
            for (Intent intent : batch) {
                if (run(intent).outcome() == Outcome.DONE) {
                    done++;
                }
            }
        }
        return done;
    }

    /** Finishes (or undoes) moves whose attempt died or met an outage; returns how many it took up. */
    public int resume(int limit) {
        List<Intent> due = intents.claim(null, limit);
        due.forEach(this::run);
        return due.size();
    }

    /** One attempt at an intent this caller created: it leases the row like anyone else. */
    private Result attempt(UUID id) {
        List<Intent> claimed = intents.claimOne(id);
        if (claimed.isEmpty()) {
            return current(intents.find(id));
        }
        return run(claimed.get(0));
    }

    private static Result current(QuarantinedObject held) {
        return switch (QuarantineState.fromWireName(held.state())) {
            case QUARANTINED, RESTORED -> new Result(Outcome.DONE, held.detail());
            case MOVING, RESTORING -> new Result(Outcome.LATER, "another attempt is under way");
            case PURGED, ABANDONED -> new Result(Outcome.UNDONE, held.detail());
        };
    }

    private Result run(Intent intent) {
        try {
            return intent.restoring() ? restoreBytes(intent) : moveBytes(intent);
        } catch (ObjectStoreException e) {
            if (e.isTransient()) {
                // the lease runs out and a later attempt starts from wherever this one stopped
                return new Result(Outcome.LATER, "the store did not answer: " + e.getMessage());
            }
            return undo(intent, "the store refused: " + e.getMessage());
        }
    }

    private Result moveBytes(Intent intent) {
        QuarantinedObject held = intent.held();
        Optional<ObjectInfo> original = store.head(held.originalKey());
        Optional<ObjectInfo> copy = store.head(held.quarantineKey());
        if (original.isEmpty() && copy.isEmpty()) {
            return undo(intent, "the file is gone from " + held.originalKey());
        }
        if (original.isPresent()) {
            if (held.objectId() == null && intents.isTracked(held.originalKey())) {
                return undo(intent, "a record now claims " + held.originalKey());
            }
            if (copy.isEmpty() || !original.get().sameBytesAs(copy.get())) {
                copy = copies.copy(original.get(), held.quarantineKey());
                if (copy.isEmpty()) {
                    return undo(intent, "the copy under " + held.quarantineKey() + " did not verify");
                }
            }
            Optional<Result> notRemoved = deleteSource(intent, held.originalKey());
            if (notRemoved.isPresent()) {
                return notRemoved.get();
            }
        }
        if (intents.finishMove(intent, copy.get().etag())) {
            return new Result(Outcome.DONE, "moved to " + held.quarantineKey());
        }
        return recordChanged(intent);
    }

    private Result restoreBytes(Intent intent) {
        QuarantinedObject held = intent.held();
        Optional<ObjectInfo> copy = store.head(held.quarantineKey());
        Optional<ObjectInfo> back = store.head(held.originalKey());
        if (copy.isEmpty() && back.isEmpty()) {
            return end(intent, QuarantineState.ABANDONED, "restore_object", "the quarantined copy is gone");
        }
        if (copy.isPresent()) {
            if (back.isPresent() && !copy.get().sameBytesAs(back.get())) {
                return end(intent, QuarantineState.QUARANTINED, "restore_object", "refused: something else now lives at "
                        + held.originalKey());
            }
            if (back.isEmpty()) {
                back = copies.copy(copy.get(), held.originalKey());
                if (back.isEmpty()) {
                    return end(intent, QuarantineState.QUARANTINED, "restore_object", "the copy back to "
                            + held.originalKey() + " did not verify");
                }
            }
            Optional<Result> notRemoved = deleteSource(intent, held.quarantineKey());
            if (notRemoved.isPresent()) {
                return notRemoved.get();
            }
        }
        if (intents.finishRestore(intent)) {
            return new Result(Outcome.DONE, "back at " + held.originalKey());
        }
        // the record left the quarantine meanwhile (its owner was deleted): the restored bytes must go too
        if (!intents.holds(intent)) {
            return TAKEN_OVER;
        }
        deleteOrLog(held.originalKey());
        return end(intent, QuarantineState.PURGED, "restore_object", "the record changed while restoring; not restored");
    }

    /** Deletes the source of a verified copy; empty when it is gone, else how this attempt ends. */
    private Optional<Result> deleteSource(Intent intent, String key) {
        if (!intents.holds(intent)) {
            return Optional.of(TAKEN_OVER);
        }
        DeleteOutcome removed = store.delete(List.of(key)).get(0);
        if (removed.deleted()) {
            return Optional.empty();
        }
        if (removed.transientFailure()) {
            return Optional.of(new Result(Outcome.LATER, "could not remove " + key + " yet: " + removed.code()));
        }
        return Optional.of(undo(intent, "could not remove " + key + ": " + removed.code()));
    }

    /**
     * Undoes a move that cannot go on: the row ends {@code abandoned} (or back {@code quarantined},
     * for a restore) first, so a crash while cleaning up leaves it named, then the copy goes.
     */
    private Result undo(Intent intent, String why) {
        QuarantinedObject held = intent.held();
        if (intent.restoring()) {
            Result result = end(intent, QuarantineState.QUARANTINED, "restore_object", "not restored: " + why);
            if (result != TAKEN_OVER && store.head(held.quarantineKey()).isPresent()
                    && !intents.isTracked(held.originalKey())) {
                deleteOrLog(held.originalKey());
            }
            return result;
        }
        Result result = end(intent, QuarantineState.ABANDONED, "quarantine_object", why);
        if (result != TAKEN_OVER && store.head(held.originalKey()).isPresent()) {
            deleteOrLog(held.quarantineKey());
        }
        return result;
    }

    /** The record was taken by something else (an owner deletion) while its bytes moved. */
    private Result recordChanged(Intent intent) {
        QuarantinedObject held = intent.held();
        if (!intents.holds(intent)) {
            return TAKEN_OVER;
        }
        Optional<ObjectState> state = intents.recordAt(held.objectId(), held.originalKey());
        if (state.isPresent() && state.get() != ObjectState.DELETING && state.get() != ObjectState.DELETED) {
            // still someone's file: put it back, and keep the copy until the original verifies
            Optional<ObjectInfo> copy = store.head(held.quarantineKey());
            if (copy.isPresent() && copies.copy(copy.get(), held.originalKey()).isEmpty()) {
                return new Result(Outcome.LATER, "the copy back to " + held.originalKey() + " did not verify");
            }
        }
        deleteOrLog(held.quarantineKey());
        return end(intent, QuarantineState.ABANDONED, "quarantine_object", "the record changed while moving ("
                + state.map(ObjectState::wireName).orElse("gone") + "); not quarantined");
    }

    /** Ends the intent in {@code state}; {@link #TAKEN_OVER} when another attempt holds it now. */
    private Result end(Intent intent, QuarantineState state, String action, String detail) {
        if (!intents.end(intent, state, action, detail)) {
            return TAKEN_OVER;
        }
        return new Result(state == QuarantineState.RESTORED ? Outcome.DONE : Outcome.UNDONE, detail);
    }

    private void deleteOrLog(String key) {
        DeleteOutcome outcome = store.delete(List.of(key)).get(0);
        if (!outcome.deleted()) {
            LOG.warning(() -> "could not remove " + key + " while undoing a quarantine move: " + outcome.code()
                    + " " + outcome.message());
        }
    }
}
