package dev.custodian.migration.control;

import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.migration.entity.MigrationItem;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.control.VerifiedCopies;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Carries out a migration's planned moves, two-phase like the quarantine's: each item's intent
 * ({@code planned}) is committed before the first store call; the copy and its check
 * ({@link VerifiedCopies}: size and etag) run outside any transaction and end {@code copied}; one
 * transaction switches the record to its new key with its key history, audit event and item
 * ({@code switched}); only then is the old key deleted (the DeleteObjects outcome read) and the
 * item {@code migrated}. Each step sees where a crashed attempt stopped — a verified copy already
 * there, the record already switched, the old key already gone — so the next attempt finishes it:
 * never two live records, never a lost object, and the record's key always names bytes that exist,
 * so its content stays readable throughout. A target holding other bytes is a conflict and is never
 * overwritten. The store work is here; every statement is {@link MigrationItems}'.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class MigrationMoves {

    private static final Logger LOG = Logger.getLogger(MigrationMoves.class.getName());
    private static final int BATCH = 200;
    private static final int PARALLELISM = 8;

    /** What one item's attempt came to; {@code SWITCHED} ends as migrated once the old key is gone. */
    public enum Step { SWITCHED, CONFLICT, FAILED, LATER }

    /** An item's attempt and why it ended so. */
    public record Result(MigrationItem item, Step step, String detail) {
    }

    @Inject
    MigrationItems items;

    @Inject
    VerifiedCopies copies;

    @Inject
    ObjectStore store;

    /** The default managed executor runs one task at a time here; moves get threads of their own. */
    @Resource
    ManagedThreadFactory threads;

    private ExecutorService workers;

    @PostConstruct
    void openPool() {
        workers = Executors.newFixedThreadPool(PARALLELISM, threads);
    }

    @PreDestroy
    void closePool() {
        workers.shutdownNow();
    }

    /**
     * Carries out the run's moves, and those a crashed run left copied or switched; returns when
     * none is left open. Gives up (throws, so the job fails and can be restarted) when the store
     * lets nothing finish for {@code patience}.
     */
    public void carryOut(UUID runId, String actor, Duration patience) {
        // a run has one execution at a time: leases of its items are a dead predecessor's
        items.releaseLeases(runId);
        Instant progressAt = Instant.now();
        while (true) {
            List<MigrationItem> batch = items.claim(runId, BATCH);
            if (batch.isEmpty()) {
                if (items.openItems(runId) == 0) {
                    return;
                }
                if (Instant.now().isAfter(progressAt.plus(patience))) {
                    throw new IllegalStateException("migration " + runId + ": the store let no move finish for "
                            + patience + "; restart the run to go on");
                }
                pause();
                continue;
            }
            if (carryOut(batch, actor) > 0) {
                progressAt = Instant.now();
            }
        }
    }

    /** A dry run: which planned targets already hold other bytes, reported as conflicts; nothing moves. */
    public void judgeDry(UUID runId, String actor) {
        long after = 0;
        for (List<MigrationItems.Planned> page = items.planned(runId, after, BATCH); !page.isEmpty();
             page = items.planned(runId, after, BATCH)) {
            List<Future<Optional<String>>> judged = page.stream()
                    .map(p -> workers.submit(() -> conflict(p.item(), store.head(p.item().from()),
                            store.head(p.item().to())))).toList();
            List<Result> conflicts = new ArrayList<>();
            for (int i = 0; i < page.size(); i++) {
                Optional<String> conflict = await(judged.get(i));
                if (conflict.isPresent()) {
                    conflicts.add(new Result(page.get(i).item(), Step.CONFLICT, conflict.get()));
                }
            }
            items.end(conflicts, actor);
            after = page.get(page.size() - 1).id();
        }
    }

    /** Copies and switches the batch in parallel, then deletes its old keys in one request; returns how many ended. */
    private int carryOut(List<MigrationItem> batch, String actor) {
        List<Future<Result>> moving = batch.stream().map(item -> workers.submit(() -> copyAndSwitch(item, actor)))
                .toList();
        List<MigrationItem> switched = new ArrayList<>();
        List<Result> ended = new ArrayList<>();
        for (Future<Result> future : moving) {
            Result result = await(future);
            switch (result.step()) {
                case SWITCHED -> switched.add(result.item());
                case CONFLICT, FAILED -> ended.add(result);
                case LATER -> items.later(result.item(), result.detail());
            }
        }
        items.end(ended, actor);
        return ended.size() + deleteOldKeys(switched, actor);
    }

    private Result copyAndSwitch(MigrationItem item, String actor) {
        try {
            if (item.outcome() == ItemOutcome.SWITCHED) {
                return new Result(item, Step.SWITCHED, null);
            }
            Optional<ObjectInfo> source = store.head(item.from());
            Optional<ObjectInfo> target = store.head(item.to());
            Optional<String> conflict = conflict(item, source, target);
            if (conflict.isPresent()) {
                return items.recordAlreadyThere(item) ? new Result(item, Step.SWITCHED, null)
                        : new Result(item, Step.CONFLICT, conflict.get());
            }
            if (target.isEmpty()) {
                if (source.isEmpty()) {
                    return items.recordAlreadyThere(item) ? new Result(item, Step.SWITCHED, null)
                            : new Result(item, Step.FAILED, "the file is gone from " + item.from());
                }
                target = copies.copy(source.get(), item.to());
                if (target.isEmpty()) {
                    removeUntracked(item.to());
                    return new Result(item, Step.FAILED, "the copy at " + item.to() + " did not verify");
                }
            }
            MigrationItem copied = items.copied(item, target.get().etag(), actor);
            boolean switched = items.switchRecord(copied, actor) || items.recordAlreadyThere(copied);
            return switched ? new Result(copied, Step.SWITCHED, null) : recordChanged(copied);
        } catch (ObjectStoreException e) {
            return new Result(item, e.isTransient() ? Step.LATER : Step.FAILED, "the store refused: " + e.getMessage());
        } catch (RuntimeException e) {
            // e.g. an upload claimed the target key between the check and the switch: the next attempt sees it
            LOG.warning(() -> "moving " + item.from() + " to " + item.to() + " failed, retrying later: " + e);
            return new Result(item, Step.LATER, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Why the target may not receive the source's bytes, if it may not: a record claims it, or it
     * holds other bytes. The same bytes there are a crashed attempt's verified copy.
     */
    private Optional<String> conflict(MigrationItem item, Optional<ObjectInfo> source, Optional<ObjectInfo> target) {
        if (items.claimedByOther(item.to(), item.objectId())) {
            return Optional.of("a record already claims " + item.to());
        }
        if (target.isEmpty()) {
            return Optional.empty();
        }
        boolean same = source.map(found -> found.sameBytesAs(target.get()))
                .orElse(item.sizeBytes() != null && item.sizeBytes() == target.get().sizeBytes());
        return same ? Optional.empty() : Optional.of(item.to() + " already holds different bytes");
    }

    /** The record left its old key while its bytes were copied: the copy is nobody's and goes. */
    private Result recordChanged(MigrationItem item) {
        removeUntracked(item.to());
        return new Result(item, Step.FAILED, "the record changed while moving; not migrated");
    }

    private void removeUntracked(String key) {
        if (!items.claimedByOther(key, null)) {
            DeleteOutcome outcome = store.delete(List.of(key)).get(0);
            if (!outcome.deleted()) {
                LOG.warning(() -> "could not remove the unverified copy " + key + ": " + outcome.code() + " "
                        + outcome.message());
            }
        }
    }

    /** Deletes the old keys of switched records, each only if no live record claims it now; returns how many ended. */
    private int deleteOldKeys(List<MigrationItem> switched, String actor) {
        Set<String> claimed = items.tracked(switched.stream().map(MigrationItem::from).toList());
        List<MigrationItem> kept = new ArrayList<>();
        List<MigrationItem> deletable = new ArrayList<>();
        for (MigrationItem item : switched) {
            (claimed.contains(item.from()) ? kept : deletable).add(item);
        }
        List<Result> ended = new ArrayList<>();
        kept.forEach(item -> ended.add(new Result(item, Step.SWITCHED, "old key kept: a record claims it now")));
        try {
            List<DeleteOutcome> outcomes = deletable.isEmpty() ? List.of()
                    : store.delete(deletable.stream().map(MigrationItem::from).toList());
            for (int i = 0; i < outcomes.size(); i++) {
                DeleteOutcome outcome = outcomes.get(i);
                MigrationItem item = deletable.get(i);
                if (outcome.deleted()) {
                    ended.add(new Result(item, Step.SWITCHED, "moved to " + item.to()));
                } else if (outcome.transientFailure()) {
                    items.later(item, "could not remove " + item.from() + " yet: " + outcome.code());
                } else {
                    ended.add(new Result(item, Step.FAILED, "switched, but could not remove " + item.from() + ": "
                            + outcome.code()));
                }
            }
        } catch (ObjectStoreException e) {
            deletable.forEach(item -> items.later(item, "could not remove " + item.from() + " yet: " + e.getMessage()));
        }
        items.end(ended, actor);
        return ended.size();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a migration step failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving keys", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for leased moves", e);
        }
    }
}
