package dev.custodian.maintenance.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.ledger.control.LedgerSql;
import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.MaintenanceException;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Files moved aside instead of deleted: {@code _quarantine/<run id>/<original key>}, by server-side
 * copy, verified, then removed from the original place. A quarantined file can be put back while
 * nothing else lives at its key, and is purged (through the deletion pipeline) after
 * {@code custodian.quarantine.retention-days}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class Quarantine {

    private static final String COLUMNS = "id, run_id, policy, object_id, original_key, quarantine_key, size_bytes,"
            + " etag, state, quarantined_at, ended_at";

    @Inject
    LedgerSql sql;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    @Inject
    MaintenanceRuns runs;

    @Inject
    DeletionLedger deletions;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    Quarantine self;

    /** True when a live record (any state but deleted) claims the key. */
    public boolean isTracked(String key) {
        return sql.query("SELECT 1 FROM stored_object WHERE bucket = ? AND object_key = ? AND state <> 'deleted'",
                s -> {
                    s.setString(1, store.bucket());
                    s.setString(2, key);
                }, ResultSet::next);
    }

    /** Moves an orphaned file (already re-checked) aside and settles the finding; true when it moved. */
    public boolean move(MaintenanceRun run, Finding finding) {
        String target = QuarantinedObject.PREFIX + run.id() + "/" + finding.key();
        ObjectInfo copy = store.copy(finding.key(), target);
        Optional<ObjectInfo> landed = store.head(target);
        if (landed.isEmpty() || landed.get().sizeBytes() != finding.sizeBytes()) {
            runs.settle(run.id(), finding.id(), "failed", "the copy under " + target + " did not verify", null);
            return false;
        }
        DeleteOutcome removed = store.delete(List.of(finding.key())).get(0);
        if (!removed.deleted()) {
            store.delete(List.of(target));
            runs.settle(run.id(), finding.id(), "failed", "could not remove the original: " + removed.code(), null);
            return false;
        }
        self.recordMove(run, finding, target, copy.etag());
        return true;
    }

    @Transactional
    public void recordMove(MaintenanceRun run, Finding finding, String target, String etag) {
        sql.update("INSERT INTO quarantined_object (id, run_id, original_key, quarantine_key, size_bytes, etag, state,"
                + " quarantined_at) VALUES (?, ?, ?, ?, ?, ?, 'quarantined', now())", s -> {
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, run.id());
            s.setString(3, finding.key());
            s.setString(4, target);
            s.setLong(5, finding.sizeBytes());
            s.setString(6, etag);
        });
        runs.settle(run.id(), finding.id(), "quarantined", "moved to " + target, "quarantined");
        audit.record(run.actor(), "quarantine_object", null, run.id(), finding.key(), "quarantined",
                "moved to " + target);
    }

    /**
     * Moves tracked objects a retention policy matched under {@code _quarantine/retention/<sweep>/},
     * their records along, at most {@code room} of them; returns how many moved. Each object is
     * re-read first and skipped unless still active; a crash between the store's steps is picked
     * up by the restarted sweep (the copy is found in place).
     */
    public int moveTracked(UUID sweepId, String policy, List<UUID> objectIds, long room, String actor) {
        int moved = 0;
        for (UUID objectId : objectIds) {
            if (moved >= room) {
                break;
            }
            Optional<TrackedObject> object = activeObject(objectId);
            if (object.isEmpty()) {
                continue;
            }
            String key = object.get().key();
            String target = QuarantinedObject.PREFIX + "retention/" + sweepId + "/" + key;
            Optional<ObjectInfo> original = store.head(key);
            String etag;
            if (original.isPresent()) {
                etag = store.copy(key, target).etag();
                Optional<ObjectInfo> landed = store.head(target);
                if (landed.isEmpty() || landed.get().sizeBytes() != original.get().sizeBytes()) {
                    throw new IllegalStateException("the copy of " + key + " under " + target + " did not verify");
                }
                DeleteOutcome removed = store.delete(List.of(key)).get(0);
                if (!removed.deleted()) {
                    store.delete(List.of(target));
                    throw new IllegalStateException("could not remove " + key + ": " + removed.code());
                }
            } else {
                Optional<ObjectInfo> earlier = store.head(target);
                if (earlier.isEmpty()) {
                    continue; // gone from the bucket: maintenance reports the record as orphaned
                }
                etag = earlier.get().etag();
            }
            if (self.recordTrackedMove(object.get(), target, etag, sweepId, policy, actor)) {
                moved++;
            } else {
                // the record changed while the bytes moved: put them back
                store.copy(target, key);
                store.delete(List.of(target));
            }
        }
        return moved;
    }

    /** The record being moved, as read just before the move. */
    public record TrackedObject(UUID id, String key, long sizeBytes) {
    }

    private Optional<TrackedObject> activeObject(UUID id) {
        return Optional.ofNullable(sql.query("SELECT object_key, size_bytes FROM stored_object WHERE id = ?"
                + " AND state = 'active'", s -> s.setObject(1, id),
                rows -> rows.next() ? new TrackedObject(id, rows.getString(1), rows.getLong(2)) : null));
    }

    @Transactional
    public boolean recordTrackedMove(TrackedObject object, String target, String etag, UUID sweepId, String policy,
                                     String actor) {
        int moved = sql.update("UPDATE stored_object SET state = 'quarantined', object_key = ?, updated_at = now()"
                + " WHERE id = ? AND state = 'active' AND object_key = ?", s -> {
            s.setString(1, target);
            s.setObject(2, object.id());
            s.setString(3, object.key());
        });
        if (moved == 0) {
            return false;
        }
        sql.update("INSERT INTO quarantined_object (id, policy, sweep_id, object_id, original_key, quarantine_key,"
                + " size_bytes, etag, state, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'quarantined', now())", s -> {
            s.setObject(1, UUID.randomUUID());
            s.setString(2, policy);
            s.setObject(3, sweepId);
            s.setObject(4, object.id());
            s.setString(5, object.key());
            s.setString(6, target);
            s.setLong(7, object.sizeBytes());
            s.setString(8, etag);
        });
        audit.record(actor, "quarantine_object", sweepId, null, object.key(), "quarantined",
                "retention policy " + policy + ": moved to " + target);
        return true;
    }

    /** How many objects a sweep run has quarantined so far. */
    public long quarantinedBy(UUID sweepId) {
        return sql.query("SELECT count(*) FROM quarantined_object WHERE sweep_id = ?", s -> s.setObject(1, sweepId),
                rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /** Marks an orphaned record missing, unless it changed since the dry run. */
    @Transactional
    public boolean markMissing(MaintenanceRun run, Finding finding, Instant judgedAt) {
        int marked = sql.update("UPDATE stored_object SET state = 'missing', updated_at = now()"
                + " WHERE id = ? AND state = 'active' AND updated_at < ?", s -> {
            s.setObject(1, finding.objectId());
            s.setTimestamp(2, Timestamp.from(judgedAt));
        });
        if (marked > 0) {
            audit.record(run.actor(), "mark_missing", null, run.id(), finding.key(), "marked_missing",
                    "record " + finding.objectId() + " has no object in the bucket");
        }
        return marked > 0;
    }

    /** Newest first; {@code state} null for all. */
    public List<QuarantinedObject> list(String state, UUID after, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM quarantined_object WHERE (?::text IS NULL OR state = ?)"
                + " AND (?::uuid IS NULL OR (quarantined_at, id) < (SELECT quarantined_at, id FROM quarantined_object"
                + " WHERE id = ?)) ORDER BY quarantined_at DESC, id DESC LIMIT ?", s -> {
            s.setString(1, state);
            s.setString(2, state);
            s.setObject(3, after);
            s.setObject(4, after);
            s.setInt(5, limit);
        }, Quarantine::rows);
    }

    public QuarantinedObject require(UUID id) {
        List<QuarantinedObject> found = sql.query("SELECT " + COLUMNS + " FROM quarantined_object WHERE id = ?",
                s -> s.setObject(1, id), Quarantine::rows);
        if (found.isEmpty()) {
            throw MaintenanceException.notFound("no quarantined object " + id);
        }
        return found.get(0);
    }

    /** Puts a quarantined file back at its original key; 409 when anything lives there now. */
    public QuarantinedObject restore(UUID id, String actor) {
        QuarantinedObject held = require(id);
        if (!"quarantined".equals(held.state())) {
            throw MaintenanceException.conflict("not-quarantined", "object " + id + " is " + held.state()
                    + ", not quarantined");
        }
        if (held.objectId() != null && !recordStillQuarantined(held)) {
            throw MaintenanceException.conflict("record-changed", "the record of " + held.originalKey()
                    + " is no longer quarantined (its owner may have been deleted); nothing was restored");
        }
        if (isTracked(held.originalKey()) || store.head(held.originalKey()).isPresent()) {
            throw MaintenanceException.conflict("key-in-use", "something now lives at " + held.originalKey()
                    + "; nothing was restored");
        }
        store.copy(held.quarantineKey(), held.originalKey());
        Optional<ObjectInfo> back = store.head(held.originalKey());
        if (back.isEmpty() || back.get().sizeBytes() != held.sizeBytes()) {
            throw new IllegalStateException("the copy back to " + held.originalKey() + " did not verify");
        }
        store.delete(List.of(held.quarantineKey()));
        self.recordEnd(held, "restored", actor, "restore_object", "back at " + held.originalKey());
        return require(id);
    }

    private boolean recordStillQuarantined(QuarantinedObject held) {
        return sql.query("SELECT 1 FROM stored_object WHERE id = ? AND state = 'quarantined' AND object_key = ?",
                s -> {
                    s.setObject(1, held.objectId());
                    s.setString(2, held.quarantineKey());
                }, ResultSet::next);
    }

    @Transactional
    public void recordEnd(QuarantinedObject held, String state, String actor, String action, String detail) {
        if (held.objectId() != null && "restored".equals(state)) {
            sql.update("UPDATE stored_object SET state = 'active', object_key = ?, updated_at = now()"
                    + " WHERE id = ? AND state = 'quarantined'", s -> {
                s.setString(1, held.originalKey());
                s.setObject(2, held.objectId());
            });
        }
        sql.update("UPDATE quarantined_object SET state = ?, ended_at = now() WHERE id = ?", s -> {
            s.setString(1, state);
            s.setObject(2, held.id());
        });
        audit.record(actor, action, null, held.runId(), held.originalKey(), state, detail);
    }

    /**
     * Queues quarantined files older than the retention for deletion (one deletion per call, so
     * the purge is audited and verified like any other); returns how many.
     */
    public long purge(Duration retention, String actor) {
        List<QuarantinedObject> due = sql.query("SELECT " + COLUMNS + " FROM quarantined_object"
                + " WHERE state = 'quarantined' AND quarantined_at < ? ORDER BY quarantined_at LIMIT 10000",
                s -> s.setTimestamp(1, Timestamp.from(Instant.now().minus(retention))), Quarantine::rows);
        if (due.isEmpty()) {
            return 0;
        }
        UUID deletion = self.openPurge(actor);
        deletions.queueUntracked(deletion, store.bucket(), due.stream()
                .map(q -> new UntrackedKey(q.quarantineKey(), q.sizeBytes(), null)).toList(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        self.finishPurge(due, deletion, actor);
        return due.size();
    }

    /** The purge's deletion, held while it is filled. */
    @Transactional
    public UUID openPurge(String actor) {
        DeletionRequest request = DeletionRequest.held(new DeletionScope(ScopeType.MAINTENANCE, null, null, null,
                null, null), "quarantine purge", actor, Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(request);
        return request.id();
    }

    @Transactional
    public void finishPurge(List<QuarantinedObject> purged, UUID deletion, String actor) {
        for (QuarantinedObject held : purged) {
            recordEnd(held, "purged", actor, "purge_quarantine", "queued in deletion " + deletion);
        }
        em.find(DeletionRequest.class, deletion).release();
    }

    private static List<QuarantinedObject> rows(ResultSet rows) throws SQLException {
        List<QuarantinedObject> found = new ArrayList<>();
        while (rows.next()) {
            Timestamp ended = rows.getTimestamp("ended_at");
            found.add(new QuarantinedObject(rows.getObject("id", UUID.class), rows.getObject("run_id", UUID.class),
                    rows.getString("policy"), rows.getObject("object_id", UUID.class), rows.getString("original_key"), rows.getString("quarantine_key"), rows.getLong("size_bytes"),
                    rows.getString("etag"), rows.getString("state"), rows.getTimestamp("quarantined_at").toInstant(),
                    ended == null ? null : ended.toInstant()));
        }
        return found;
    }
}
