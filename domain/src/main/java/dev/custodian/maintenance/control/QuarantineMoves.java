package dev.custodian.maintenance.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.maintenance.entity.QuarantineState;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.control.VerifiedCopies;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The one owner of moves into and out of the quarantine, for maintenance, retention and restore
 * alike. Every move is two-phase: its intent is a {@code quarantined_object} row ({@code moving}
 * or {@code restoring}) committed before the first store call, then the store work runs outside
 * any transaction — copy, verify the copy (HEAD, size), delete the source and read its outcome —
 * and one transaction ends it (the record, if any, switches keys; the row becomes
 * {@code quarantined} or {@code restored}). Each step finds where a crashed attempt stopped
 * (the copy already there, the source already gone), so a crash at any point is finished by the
 * next attempt: never an untracked copy under {@code _quarantine/}, never a lost original. A move
 * that cannot go on is undone and ends {@code abandoned} with the reason. Intents are leased, so
 * two instances never work on one; an attempt that meets a store outage keeps its intent for the
 * next one ({@link #resume}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class QuarantineMoves {

    private static final Logger LOG = Logger.getLogger(QuarantineMoves.class.getName());
    static final String COLUMNS = "id, run_id, policy, sweep_id, object_id, original_key, quarantine_key,"
            + " size_bytes, etag, state, quarantined_at, ended_at, detail, actor, lease_until";

    /** How one attempt ended: the move is done, undone (see detail), or waits for a later attempt. */
    public enum Outcome { DONE, UNDONE, LATER }

    public record Result(Outcome outcome, String detail) {
    }

    /** This attempt's lease ran out and another attempt owns the move now: touch nothing. */
    static final Result TAKEN_OVER = new Result(Outcome.LATER, "another attempt took this move over");

    /**
     * An intent as the attempt needs it: the row, who asked, and the lease this attempt holds —
     * its fencing token: every step that changes or deletes anything first checks that the row
     * still carries it, so an attempt that stalled past its lease cannot undo a later one's work.
     */
    public record Intent(QuarantinedObject held, UUID sweepId, String actor, Timestamp lease) {

        boolean restoring() {
            return held.is(QuarantineState.RESTORING);
        }
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
    QuarantineMoves self;

    /** Longer than the store work of one move can take: a copy, and HEADs and a delete around it. */
    private Duration lease() {
        return store.copyTimeout().plus(store.requestTimeout().multipliedBy(6));
    }

    /** Whether the attempt still holds its intent's lease (see {@link Intent}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean holds(Intent intent) {
        return sql.query("SELECT 1 FROM quarantined_object WHERE id = ? AND lease_until = ?"
                + " AND state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING) + ")", s -> {
                    s.setObject(1, intent.held().id());
                    s.setTimestamp(2, intent.lease());
                }, ResultSet::next);
    }

    /** True when a live record (any state but deleted) claims the key. */
    public boolean isTracked(String key) {
        return sql.query("SELECT 1 FROM stored_object WHERE bucket = ? AND object_key = ? AND state <> " + quoted(ObjectState.DELETED),
                s -> {
                    s.setString(1, store.bucket());
                    s.setString(2, key);
                }, ResultSet::next);
    }

    /** Moves an orphaned file under {@code _quarantine/<run id>/}; a restarted run finds its earlier intent. */
    public Result quarantineOrphan(UUID runId, String key, long sizeBytes, String actor) {
        UUID id = self.intendOrphan(runId, key, sizeBytes, actor);
        return attempt(id);
    }

    @Transactional
    public UUID intendOrphan(UUID runId, String key, long sizeBytes, String actor) {
        return sql.query("INSERT INTO quarantined_object (id, run_id, original_key, quarantine_key, size_bytes, state,"
                + " quarantined_at, actor) VALUES (?, ?, ?, ?, ?, " + quoted(QuarantineState.MOVING) + ", now(), ?)"
                + " ON CONFLICT (quarantine_key) DO UPDATE SET quarantine_key = EXCLUDED.quarantine_key RETURNING id",
                s -> {
                    s.setObject(1, UUID.randomUUID());
                    s.setObject(2, runId);
                    s.setString(3, key);
                    s.setString(4, QuarantinedObject.PREFIX + runId + "/" + key);
                    s.setLong(5, sizeBytes);
                    s.setString(6, actor);
                }, rows -> {
                    rows.next();
                    return rows.getObject(1, UUID.class);
                });
    }

    /**
     * Intents to move these tracked records under {@code _quarantine/retention/<sweep>/}, for those
     * still active, at most {@code room}; joins the caller's transaction (a retention chunk's), so
     * the plan commits with the chunk and the moves run after it ({@link #carryOutSweep}).
     */
    @Transactional
    public int intendTracked(UUID sweepId, String policy, List<UUID> objectIds, long room, String actor) {
        if (objectIds.isEmpty() || room <= 0) {
            return 0;
        }
        return sql.update("INSERT INTO quarantined_object (id, policy, sweep_id, object_id, original_key,"
                + " quarantine_key, size_bytes, state, quarantined_at, actor)"
                + " SELECT gen_random_uuid(), ?, ?, o.id, o.object_key, ? || o.object_key, coalesce(o.size_bytes, 0),"
                + " " + quoted(QuarantineState.MOVING) + ", now(), ? FROM stored_object o WHERE o.id = any(?) AND o.state = " + quoted(ObjectState.ACTIVE)
                + " AND NOT EXISTS (SELECT 1 FROM quarantined_object q WHERE q.object_id = o.id"
                + " AND q.state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING) + ")) ORDER BY o.id LIMIT ?"
                + " ON CONFLICT (quarantine_key) DO NOTHING", s -> {
                    s.setString(1, policy);
                    s.setObject(2, sweepId);
                    s.setString(3, QuarantinedObject.PREFIX + "retention/" + sweepId + "/");
                    s.setString(4, actor);
                    s.setArray(5, s.getConnection().createArrayOf("uuid", objectIds.toArray()));
                    s.setLong(6, room);
                });
    }

    /** Puts a quarantined file back; the caller has checked that its key and owner allow it. */
    public Result restore(UUID id, String actor) {
        if (!self.intendRestore(id, actor)) {
            return new Result(Outcome.UNDONE, "not quarantined");
        }
        return attempt(id);
    }

    @Transactional
    public boolean intendRestore(UUID id, String actor) {
        return sql.update("UPDATE quarantined_object SET state = " + quoted(QuarantineState.RESTORING) + ", actor = ?, detail = null"
                + " WHERE id = ? AND state = " + quoted(QuarantineState.QUARANTINED), s -> {
            s.setString(1, actor);
            s.setObject(2, id);
        }) > 0;
    }

    /** Carries out the sweep's planned moves; returns how many are done. */
    public int carryOutSweep(UUID sweepId) {
        int done = 0;
        for (List<Intent> batch = self.claim(sweepId, 100); !batch.isEmpty(); batch = self.claim(sweepId, 100)) {
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
        List<Intent> due = self.claim(null, limit);
        due.forEach(this::run);
        return due.size();
    }

    /** One attempt at an intent this caller created: it leases the row like anyone else. */
    private Result attempt(UUID id) {
        List<Intent> claimed = self.claimOne(id);
        if (claimed.isEmpty()) {
            return self.current(id);
        }
        return run(claimed.get(0));
    }

    @Transactional
    public List<Intent> claimOne(UUID id) {
        return claimWhere("q.id = ?", s -> s.setObject(3, id), 1);
    }

    /** Leases up to {@code limit} open intents (of one sweep, or any) nobody is working on. */
    @Transactional
    public List<Intent> claim(UUID sweepId, int limit) {
        return claimWhere("(?::uuid IS NULL OR q.sweep_id = ?)", s -> {
            s.setObject(3, sweepId);
            s.setObject(4, sweepId);
        }, limit);
    }

    private List<Intent> claimWhere(String condition, LedgerSql.Binder binder, int limit) {
        return sql.query("UPDATE quarantined_object SET lease_until = ? WHERE id IN (SELECT q.id FROM"
                + " quarantined_object q WHERE q.state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING) + ") AND (q.lease_until IS NULL"
                + " OR q.lease_until < ?) AND " + condition + " ORDER BY q.quarantined_at LIMIT " + limit
                + " FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS, s -> {
                    Instant now = Instant.now();
                    s.setTimestamp(1, Timestamp.from(now.plus(lease())));
                    s.setTimestamp(2, Timestamp.from(now));
                    binder.bind(s);
                }, QuarantineMoves::intents);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Result current(UUID id) {
        List<Intent> found = sql.query("SELECT " + COLUMNS + " FROM quarantined_object WHERE id = ?",
                s -> s.setObject(1, id), QuarantineMoves::intents);
        QuarantinedObject held = found.get(0).held();
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
            if (held.objectId() == null && isTracked(held.originalKey())) {
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
        if (self.finishMove(intent, copy.get().etag())) {
            return new Result(Outcome.DONE, "moved to " + held.quarantineKey());
        }
        return recordChanged(intent);
    }

    private Result restoreBytes(Intent intent) {
        QuarantinedObject held = intent.held();
        Optional<ObjectInfo> copy = store.head(held.quarantineKey());
        Optional<ObjectInfo> back = store.head(held.originalKey());
        if (copy.isEmpty() && back.isEmpty()) {
            return self.end(intent, QuarantineState.ABANDONED, "restore_object", "the quarantined copy is gone");
        }
        if (copy.isPresent()) {
            if (back.isPresent() && !copy.get().sameBytesAs(back.get())) {
                return self.end(intent, QuarantineState.QUARANTINED, "restore_object", "refused: something else now lives at "
                        + held.originalKey());
            }
            if (back.isEmpty()) {
                back = copies.copy(copy.get(), held.originalKey());
                if (back.isEmpty()) {
                    return self.end(intent, QuarantineState.QUARANTINED, "restore_object", "the copy back to "
                            + held.originalKey() + " did not verify");
                }
            }
            Optional<Result> notRemoved = deleteSource(intent, held.quarantineKey());
            if (notRemoved.isPresent()) {
                return notRemoved.get();
            }
        }
        if (self.finishRestore(intent)) {
            return new Result(Outcome.DONE, "back at " + held.originalKey());
        }
        // the record left the quarantine meanwhile (its owner was deleted): the restored bytes must go too
        if (!self.holds(intent)) {
            return TAKEN_OVER;
        }
        deleteOrLog(held.originalKey());
        return self.end(intent, QuarantineState.PURGED, "restore_object", "the record changed while restoring; not restored");
    }

    /** Deletes the source of a verified copy; empty when it is gone, else how this attempt ends. */
    private Optional<Result> deleteSource(Intent intent, String key) {
        if (!self.holds(intent)) {
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
            Result result = self.end(intent, QuarantineState.QUARANTINED, "restore_object", "not restored: " + why);
            if (result != TAKEN_OVER && store.head(held.quarantineKey()).isPresent() && !isTracked(held.originalKey())) {
                deleteOrLog(held.originalKey());
            }
            return result;
        }
        Result result = self.end(intent, QuarantineState.ABANDONED, "quarantine_object", why);
        if (result != TAKEN_OVER && store.head(held.originalKey()).isPresent()) {
            deleteOrLog(held.quarantineKey());
        }
        return result;
    }

    /** The record was taken by something else (an owner deletion) while its bytes moved. */
    private Result recordChanged(Intent intent) {
        QuarantinedObject held = intent.held();
        if (!self.holds(intent)) {
            return TAKEN_OVER;
        }
        // null: the record is gone, or no longer at the key the move started from
        ObjectState state = sql.query("SELECT state, object_key FROM stored_object WHERE id = ?",
                s -> s.setObject(1, held.objectId()), rows -> rows.next()
                        && rows.getString(2).equals(held.originalKey()) ? ObjectState.fromWireName(rows.getString(1)) : null);
        if (state != null && state != ObjectState.DELETING && state != ObjectState.DELETED) {
            // still someone's file: put it back, and keep the copy until the original verifies
            Optional<ObjectInfo> copy = store.head(held.quarantineKey());
            if (copy.isPresent() && copies.copy(copy.get(), held.originalKey()).isEmpty()) {
                return new Result(Outcome.LATER, "the copy back to " + held.originalKey() + " did not verify");
            }
        }
        deleteOrLog(held.quarantineKey());
        return self.end(intent, QuarantineState.ABANDONED, "quarantine_object", "the record changed while moving ("
                + (state == null ? "gone" : state.wireName()) + "); not quarantined");
    }

    private void deleteOrLog(String key) {
        DeleteOutcome outcome = store.delete(List.of(key)).get(0);
        if (!outcome.deleted()) {
            LOG.warning(() -> "could not remove " + key + " while undoing a quarantine move: " + outcome.code()
                    + " " + outcome.message());
        }
    }

    /** Ends a move: a tracked record switches to its quarantine key. False when the record changed. */
    @Transactional
    public boolean finishMove(Intent intent, String etag) {
        QuarantinedObject held = intent.held();
        if (!fenced(intent)) {
            return false;
        }
        if (held.objectId() != null) {
            boolean switched = objects.quarantine(held.objectId(), held.originalKey(), held.quarantineKey());
            if (!switched) {
                return false;
            }
        }
        sql.update("UPDATE quarantined_object SET state = " + quoted(QuarantineState.QUARANTINED) + ", etag = ?, lease_until = null,"
                + " quarantined_at = now(), detail = null WHERE id = ?", s -> {
            s.setString(1, etag);
            s.setObject(2, held.id());
        });
        audit.record(intent.actor(), "quarantine_object", intent.sweepId(), held.runId(), held.originalKey(),
                QuarantineState.QUARANTINED.wireName(), (held.policy() == null ? "" : "retention policy " + held.policy() + ": ")
                        + "moved to " + held.quarantineKey());
        return true;
    }

    /** Ends a restore: a tracked record is active at its original key again. False when it changed. */
    @Transactional
    public boolean finishRestore(Intent intent) {
        QuarantinedObject held = intent.held();
        if (!fenced(intent)) {
            return false;
        }
        if (held.objectId() != null) {
            boolean switched = objects.restore(held.objectId(), held.quarantineKey(), held.originalKey());
            if (!switched) {
                return false;
            }
        }
        end(intent, QuarantineState.RESTORED, "restore_object", "back at " + held.originalKey());
        return true;
    }

    /** Ends an intent in {@code state}, with its reason and an audit event; {@link #TAKEN_OVER} if lost. */
    @Transactional
    public Result end(Intent intent, QuarantineState state, String action, String detail) {
        QuarantinedObject held = intent.held();
        int ended = sql.update("UPDATE quarantined_object SET state = ?, detail = ?, lease_until = null,"
                + " ended_at = CASE WHEN ? THEN now() END WHERE id = ? AND lease_until = ?", s -> {
            s.setString(1, state.wireName());
            s.setString(2, detail);
            s.setBoolean(3, state.isEnded());
            s.setObject(4, held.id());
            s.setTimestamp(5, intent.lease());
        });
        if (ended == 0) {
            return TAKEN_OVER;
        }
        audit.record(intent.actor(), action, intent.sweepId(), held.runId(), held.originalKey(), state.wireName(),
                detail);
        Outcome outcome = state == QuarantineState.RESTORED ? Outcome.DONE : Outcome.UNDONE;
        return new Result(outcome, detail);
    }

    /** Locks the intent's row if this attempt still holds its lease, for the ending transaction. */
    private boolean fenced(Intent intent) {
        return sql.query("SELECT 1 FROM quarantined_object WHERE id = ? AND lease_until = ?"
                + " AND state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING) + ") FOR UPDATE", s -> {
                    s.setObject(1, intent.held().id());
                    s.setTimestamp(2, intent.lease());
                }, ResultSet::next);
    }

    static List<QuarantinedObject> rows(ResultSet rows) throws SQLException {
        List<QuarantinedObject> found = new ArrayList<>();
        for (Intent intent : intents(rows)) {
            found.add(intent.held());
        }
        return found;
    }

    private static List<Intent> intents(ResultSet rows) throws SQLException {
        List<Intent> found = new ArrayList<>();
        while (rows.next()) {
            Timestamp ended = rows.getTimestamp("ended_at");
            QuarantinedObject held = new QuarantinedObject(rows.getObject("id", UUID.class),
                    rows.getObject("run_id", UUID.class), rows.getString("policy"),
                    rows.getObject("object_id", UUID.class), rows.getString("original_key"),
                    rows.getString("quarantine_key"), rows.getLong("size_bytes"), rows.getString("etag"),
                    rows.getString("state"), rows.getTimestamp("quarantined_at").toInstant(),
                    ended == null ? null : ended.toInstant(), rows.getString("detail"));
            found.add(new Intent(held, rows.getObject("sweep_id", UUID.class), rows.getString("actor"),
                    rows.getTimestamp("lease_until")));
        }
        return found;
    }
}
