package dev.custodian.maintenance.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.control.Tombstones;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.FindingOutcome;
import dev.custodian.maintenance.entity.MaintenanceException;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.QuarantineState;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * Files moved aside instead of deleted: {@code _quarantine/<run id>/<original key>}, moved by
 * {@link QuarantineMoves} (intent first, copy, verify, remove the original). A quarantined file can
 * be put back while nothing else lives at its key and its owner is not deleted, and is purged
 * (through the deletion pipeline) after {@code custodian.quarantine.retention-days}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class Quarantine {

    @Inject
    LedgerSql sql;

    @Inject
    ObjectLedger objects;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    @Inject
    MaintenanceFindings findings;

    @Inject
    DeletionLedger deletions;

    @Inject
    Tombstones tombstones;

    @Inject
    QuarantineMoves moves;

    @Inject
    QuarantineIntents intents;

    @Inject
    KeyLayout layout;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    Quarantine self;

    /** True when a live record (any state but deleted) claims the key. */
    public boolean isTracked(String key) {
        return intents.isTracked(key);
    }

    /** Moves an orphaned file (already re-checked) aside and settles the finding; true when it moved. */
    public boolean move(MaintenanceRun run, Finding finding) {
        QuarantineMoves.Result result = moves.quarantineOrphan(run.id(), finding.key(), finding.sizeBytes(),
                run.actor());
        switch (result.outcome()) {
            case DONE -> findings.settle(run.id(), finding.id(), FindingOutcome.QUARANTINED, result.detail());
            // the intent stays; the quarantine recovery finishes it once the store answers
            case LATER -> findings.settle(run.id(), finding.id(), FindingOutcome.QUARANTINE_PENDING, result.detail());
            case UNDONE -> findings.settle(run.id(), finding.id(), FindingOutcome.FAILED, result.detail());
        }
        return result.outcome() == QuarantineMoves.Outcome.DONE;
    }

    /**
     * How many objects a sweep run has quarantined or plans to; joins the caller's transaction, so
     * a retention chunk counts the intents it has written itself.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long quarantinedBy(UUID sweepId) {
        return sql.query("SELECT count(*) FROM quarantined_object WHERE sweep_id = ? AND state <> " + quoted(QuarantineState.ABANDONED),
                s -> s.setObject(1, sweepId),
                rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /** Marks an orphaned record missing, unless it changed since the dry run. */
    @Transactional
    public boolean markMissing(MaintenanceRun run, Finding finding, Instant judgedAt) {
        boolean marked = objects.markMissing(finding.objectId(), judgedAt);
        if (marked) {
            audit.record(run.actor(), "mark_missing", null, run.id(), finding.key(), FindingOutcome.MARKED_MISSING.wireName(),
                    "record " + finding.objectId() + " has no object in the bucket");
        }
        return marked;
    }

    /** Newest first; {@code state} null for all. */
    public List<QuarantinedObject> list(String state, UUID after, int limit) {
        return sql.query("SELECT " + QuarantineIntents.COLUMNS + " FROM quarantined_object WHERE (?::text IS NULL"
                + " OR state = ?) AND (?::uuid IS NULL OR (quarantined_at, id) < (SELECT quarantined_at, id"
                + " FROM quarantined_object WHERE id = ?)) ORDER BY quarantined_at DESC, id DESC LIMIT ?", s -> {
            s.setString(1, state);
            s.setString(2, state);
            s.setObject(3, after);
            s.setObject(4, after);
            s.setInt(5, limit);
        }, QuarantineIntents::rows);
    }

    public QuarantinedObject require(UUID id) {
        List<QuarantinedObject> found = sql.query("SELECT " + QuarantineIntents.COLUMNS
                + " FROM quarantined_object WHERE id = ?", s -> s.setObject(1, id), QuarantineIntents::rows);
        if (found.isEmpty()) {
            throw MaintenanceException.notFound("no quarantined object " + id);
        }
        return found.get(0);
    }

    /**
     * Puts a quarantined file back at its original key; 409 when anything lives there now, when
     * the record left the quarantine, or when the file's owner has been deleted.
     */
    public QuarantinedObject restore(UUID id, String actor) {
        QuarantinedObject held = require(id);
        if (!held.is(QuarantineState.QUARANTINED)) {
            throw MaintenanceException.conflict("not-quarantined", "object " + id + " is " + held.state()
                    + ", not quarantined");
        }
        if (held.objectId() != null && !recordStillQuarantined(held)) {
            throw MaintenanceException.conflict("record-changed", "the record of " + held.originalKey()
                    + " is no longer quarantined (its owner may have been deleted); nothing was restored");
        }
        Optional<UUID> tombstone = layout.parse(held.originalKey()).parts().flatMap(tombstones::of);
        if (tombstone.isPresent()) {
            throw MaintenanceException.conflict("owner-deleted", "the owner of " + held.originalKey()
                    + " was deleted by deletion " + tombstone.get() + "; nothing was restored");
        }
        if (isTracked(held.originalKey()) || store.head(held.originalKey()).isPresent()) {
            throw MaintenanceException.conflict("key-in-use", "something now lives at " + held.originalKey()
                    + "; nothing was restored");
        }
        QuarantineMoves.Result result = moves.restore(id, actor);
        if (result.outcome() == QuarantineMoves.Outcome.UNDONE) {
            throw MaintenanceException.conflict("not-restored", "object " + id + " was not restored: "
                    + result.detail());
        }
        return require(id);
    }

    private boolean recordStillQuarantined(QuarantinedObject held) {
        return sql.query("SELECT 1 FROM stored_object WHERE id = ? AND state = " + quoted(ObjectState.QUARANTINED) + " AND object_key = ?",
                s -> {
                    s.setObject(1, held.objectId());
                    s.setString(2, held.quarantineKey());
                }, ResultSet::next);
    }

    @Transactional
    public void recordEnd(QuarantinedObject held, QuarantineState state, String actor, String action, String detail) {
        sql.update("UPDATE quarantined_object SET state = ?, ended_at = now() WHERE id = ?", s -> {
            s.setString(1, state.wireName());
            s.setObject(2, held.id());
        });
        audit.record(actor, action, null, held.runId(), held.originalKey(), state.wireName(), detail);
    }

    /**
     * Queues quarantined files older than the retention for deletion (one deletion per call, so
     * the purge is audited and verified like any other); returns how many.
     */
    public long purge(Duration retention, String actor) {
        List<QuarantinedObject> due = sql.query("SELECT " + QuarantineIntents.COLUMNS + " FROM quarantined_object"
                + " WHERE state = " + quoted(QuarantineState.QUARANTINED) + " AND quarantined_at < ? ORDER BY quarantined_at LIMIT 10000",
                s -> s.setTimestamp(1, Timestamp.from(Instant.now().minus(retention))), QuarantineIntents::rows);
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
            recordEnd(held, QuarantineState.PURGED, actor, "purge_quarantine", "queued in deletion " + deletion);
        }
        em.find(DeletionRequest.class, deletion).release();
    }
}
