package dev.custodian.migration.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunKind;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.control.KeyHistory;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.migration.entity.MigrationItem;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.control.VerifiedCopies;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.run.entity.RunState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * Carries out a migration's planned moves, two-phase like the quarantine's: each item's intent
 * ({@code planned}) is committed before the first store call; the copy and its check (HEAD: size and
 * etag) run outside any transaction and end {@code copied}; one transaction switches the record to
 * its new key with its key history, audit event and item ({@code switched}); only then is the old
 * key deleted (the DeleteObjects outcome read) and the item {@code migrated}. Each step sees where a
 * crashed attempt stopped — a verified copy already there, the record already switched, the old key
 * already gone — so the next attempt finishes it: never two live records, never a lost object, and
 * the record's key always names bytes that exist, so its content stays readable throughout. A
 * target holding other bytes is a conflict and is never overwritten.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class MigrationMoves {

    private static final Logger LOG = Logger.getLogger(MigrationMoves.class.getName());
    private static final String ACTION = "migrate_object";
    private static final int BATCH = 200;
    private static final int PARALLELISM = 8;
    private static final String ITEM_COLUMNS = "run_id, object_key, outcome, target_key, object_id, size_bytes, etag";
    private static final String OPEN = quoted(ItemOutcome.OPEN_MOVES.toArray(ItemOutcome[]::new));

    /** What one item's attempt came to; {@code SWITCHED} ends as migrated once the old key is gone. */
    public enum Step { SWITCHED, CONFLICT, FAILED, LATER }

    /** An item's attempt and why it ended so. */
    public record Result(MigrationItem item, Step step, String detail) {
    }

    @Inject
    LedgerSql sql;

    @Inject
    ObjectLedger objects;

    @Inject
    VerifiedCopies copies;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    @Inject
    KeyHistory history;

    @Inject
    KeyLayout layout;

    @Inject
    MigrationMoves self;

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

    /** Longer than the store work of one move (two HEADs, a copy, a HEAD, a delete) can take. */
    private Duration lease() {
        return store.requestTimeout().multipliedBy(6);
    }

    /**
     * Carries out the run's moves, and those a crashed run left copied or switched; returns when
     * none is left open. Gives up (throws, so the job fails and can be restarted) when the store
     * lets nothing finish for {@code patience}.
     */
    public void carryOut(UUID runId, String actor, Duration patience) {
        // a run has one execution at a time: leases of its items are a dead predecessor's
        self.releaseLeases(runId);
        Instant progressAt = Instant.now();
        while (true) {
            List<MigrationItem> batch = self.claim(runId, BATCH);
            if (batch.isEmpty()) {
                if (self.openItems(runId) == 0) {
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
        for (List<Planned> page = self.planned(runId, after, BATCH); !page.isEmpty();
             page = self.planned(runId, after, BATCH)) {
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
            self.end(conflicts, actor);
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
                case LATER -> self.later(result.item(), result.detail());
            }
        }
        self.end(ended, actor);
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
                return recordAlreadyThere(item) ? new Result(item, Step.SWITCHED, null)
                        : new Result(item, Step.CONFLICT, conflict.get());
            }
            if (target.isEmpty()) {
                if (source.isEmpty()) {
                    return recordAlreadyThere(item) ? new Result(item, Step.SWITCHED, null)
                            : new Result(item, Step.FAILED, "the file is gone from " + item.from());
                }
                target = copies.copy(source.get(), item.to());
                if (target.isEmpty()) {
                    removeUntracked(item.to());
                    return new Result(item, Step.FAILED, "the copy at " + item.to() + " did not verify");
                }
            }
            MigrationItem copied = self.copied(item, target.get().etag(), actor);
            boolean switched = self.switchRecord(copied, actor) || recordAlreadyThere(copied);
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
        if (claimedByOther(item.to(), item.objectId())) {
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
        if (!claimedByOther(key, null)) {
            DeleteOutcome outcome = store.delete(List.of(key)).get(0);
            if (!outcome.deleted()) {
                LOG.warning(() -> "could not remove the unverified copy " + key + ": " + outcome.code() + " "
                        + outcome.message());
            }
        }
    }

    /** Deletes the old keys of switched records, each only if no live record claims it now; returns how many ended. */
    private int deleteOldKeys(List<MigrationItem> switched, String actor) {
        Set<String> claimed = tracked(switched.stream().map(MigrationItem::from).toList());
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
                    self.later(item, "could not remove " + item.from() + " yet: " + outcome.code());
                } else {
                    ended.add(new Result(item, Step.FAILED, "switched, but could not remove " + item.from() + ": "
                            + outcome.code()));
                }
            }
        } catch (ObjectStoreException e) {
            deletable.forEach(item -> self.later(item, "could not remove " + item.from() + " yet: " + e.getMessage()));
        }
        self.end(ended, actor);
        return ended.size();
    }

    private boolean claimedByOther(String key, UUID objectId) {
        return sql.query("SELECT 1 FROM stored_object WHERE bucket = ? AND object_key = ? AND state <> " + quoted(ObjectState.DELETED)
                + " AND id IS DISTINCT FROM ?", s -> {
            s.setString(1, store.bucket());
            s.setString(2, key);
            s.setObject(3, objectId);
        }, ResultSet::next);
    }

    /** Of these keys, those a live record claims. */
    private Set<String> tracked(List<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return sql.query("SELECT object_key FROM stored_object WHERE bucket = ? AND object_key = any(?)"
                + " AND state <> " + quoted(ObjectState.DELETED), s -> {
                    s.setString(1, store.bucket());
                    s.setArray(2, s.getConnection().createArrayOf("text", keys.toArray()));
                }, LedgerSql::stringSet);
    }

    /** The record holds the target key already: an earlier attempt (or run) switched it. */
    private boolean recordAlreadyThere(MigrationItem item) {
        return sql.query("SELECT 1 FROM stored_object WHERE id = ? AND object_key = ?", s -> {
            s.setObject(1, item.objectId());
            s.setString(2, item.to());
        }, ResultSet::next);
    }

    /** The copy is verified: the intent says so (with the copy's etag) before the record switches. */
    @Transactional
    public MigrationItem copied(MigrationItem item, String etag, String actor) {
        if (item.outcome() == ItemOutcome.PLANNED) {
            sql.update("UPDATE bucket_run_item SET outcome = " + quoted(ItemOutcome.COPIED) + ", etag = ? WHERE run_id = ? AND object_key = ?",
                    s -> {
                        s.setString(1, etag);
                        s.setObject(2, item.runId());
                        s.setString(3, item.from());
                    });
            audit.record(actor, ACTION, null, item.runId(), item.from(), ItemOutcome.COPIED.wireName(),
                    "copied to " + item.to() + ", verified");
        }
        return new MigrationItem(item.runId(), item.from(), ItemOutcome.COPIED, item.to(), item.objectId(),
                item.sizeBytes(), etag);
    }

    /**
     * The switch, one transaction: the record takes its new key (only if it is still active at the
     * old one and nobody else claims the new one), with the key history, the audit event and the item.
     */
    @Transactional
    public boolean switchRecord(MigrationItem item, String actor) {
        String user = layout.parse(item.to()).parts().map(KeyParts::userId).orElse(null);
        boolean switched = objects.moveKey(item.objectId(), item.from(), item.to(), user, item.etag());
        if (!switched) {
            return false;
        }
        history.moved(item.objectId(), store.bucket(), item.from(), item.to(), item.runId());
        setOutcome(item, ItemOutcome.SWITCHED, null);
        audit.record(actor, ACTION, null, item.runId(), item.from(), ItemOutcome.SWITCHED.wireName(), "record now at " + item.to());
        return true;
    }

    /** Ends items: switched ones as migrated (their old key gone), the rest as they say; audited per key. */
    @Transactional
    public void end(List<Result> results, String actor) {
        for (Result result : results) {
            ItemOutcome outcome = switch (result.step()) {
                case SWITCHED -> ItemOutcome.MIGRATED;
                case CONFLICT -> ItemOutcome.CONFLICT;
                default -> ItemOutcome.FAILED;
            };
            setOutcome(result.item(), outcome, result.detail());
            audit.record(actor, ACTION, null, result.item().runId(), result.item().from(), outcome.wireName(),
                    result.detail());
        }
    }

    /** The attempt met an outage: the item is tried again shortly, from wherever it stopped. */
    @Transactional
    public void later(MigrationItem item, String why) {
        sql.update("UPDATE bucket_run_item SET lease_until = now() + interval '1 second', detail = ?"
                + " WHERE run_id = ? AND object_key = ?", s -> {
            s.setString(1, why);
            s.setObject(2, item.runId());
            s.setString(3, item.from());
        });
    }

    private void setOutcome(MigrationItem item, ItemOutcome outcome, String detail) {
        sql.update("UPDATE bucket_run_item SET outcome = ?, detail = ?, lease_until = null"
                + " WHERE run_id = ? AND object_key = ?", s -> {
            s.setString(1, outcome.wireName());
            s.setString(2, detail);
            s.setObject(3, item.runId());
            s.setString(4, item.from());
        });
    }

    /** The dead execution of this run leased items it will never finish. */
    @Transactional
    public void releaseLeases(UUID runId) {
        sql.update("UPDATE bucket_run_item SET lease_until = null WHERE run_id = ? AND outcome IN ("
                + OPEN + ")", s -> s.setObject(1, runId));
    }

    /**
     * Leases open items nobody works on: this run's, and those another migration left copied or
     * switched when it ended (a crashed run re-planned under a new one), so no half-done move is stranded.
     */
    @Transactional
    public List<MigrationItem> claim(UUID runId, int limit) {
        return sql.query("UPDATE bucket_run_item SET lease_until = ? WHERE (run_id, object_key) IN (SELECT i.run_id,"
                + " i.object_key FROM bucket_run_item i JOIN bucket_run r ON r.id = i.run_id"
                + " WHERE i.outcome IN (" + OPEN + ")"
                + " AND (i.lease_until IS NULL OR i.lease_until < ?)"
                + " AND r.kind = " + quoted(RunKind.MIGRATION) + " AND NOT r.dry_run AND (i.run_id = ?"
                + " OR (r.state IN (" + quoted(RunState.COMPLETED, RunState.FAILED) + ") AND i.outcome IN ("
                + quoted(ItemOutcome.COPIED, ItemOutcome.SWITCHED) + "))) ORDER BY i.id LIMIT ? FOR UPDATE OF i SKIP LOCKED)"
                + " RETURNING " + ITEM_COLUMNS, s -> {
                    Instant now = Instant.now();
                    s.setTimestamp(1, Timestamp.from(now.plus(lease())));
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setObject(3, runId);
                    s.setInt(4, limit);
                }, MigrationMoves::items);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long openItems(UUID runId) {
        return sql.query("SELECT count(*) FROM bucket_run_item WHERE run_id = ? AND outcome IN (" + OPEN + ")",
                s -> s.setObject(1, runId), rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    /** A planned item with its row id, for keyset paging. */
    public record Planned(long id, MigrationItem item) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Planned> planned(UUID runId, long after, int limit) {
        return sql.query("SELECT id, " + ITEM_COLUMNS + " FROM bucket_run_item WHERE run_id = ? AND id > ?"
                + " AND outcome = " + quoted(ItemOutcome.PLANNED) + " ORDER BY id LIMIT ?", s -> {
            s.setObject(1, runId);
            s.setLong(2, after);
            s.setInt(3, limit);
        }, rows -> {
            List<Planned> page = new ArrayList<>();
            while (rows.next()) {
                page.add(new Planned(rows.getLong("id"), item(rows)));
            }
            return page;
        });
    }

    private static List<MigrationItem> items(ResultSet rows) throws SQLException {
        List<MigrationItem> items = new ArrayList<>();
        while (rows.next()) {
            items.add(item(rows));
        }
        return items;
    }

    private static MigrationItem item(ResultSet rows) throws SQLException {
        long size = rows.getLong("size_bytes");
        Long sizeBytes = rows.wasNull() ? null : size;
        return new MigrationItem(rows.getObject("run_id", UUID.class), rows.getString("object_key"),
                ItemOutcome.fromWireName(rows.getString("outcome")), rows.getString("target_key"), rows.getObject("object_id", UUID.class),
                sizeBytes, rows.getString("etag"));
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
