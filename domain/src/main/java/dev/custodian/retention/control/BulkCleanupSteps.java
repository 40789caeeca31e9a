package dev.custodian.retention.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionRequest.SweepState;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.ledger.control.DeletionRows;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.persistence.Clause;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.retention.entity.BulkCleanupReport;
import dev.custodian.retention.entity.BulkCleanupRequest;
import dev.custodian.retention.entity.BulkRunInProgressException;
import dev.custodian.webhook.control.WebhookEvents;
import dev.custodian.webhook.entity.WebhookEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/** The short transactions that open, fill, release or cancel a run's held deletion. */
@ApplicationScoped
@Transactional
public class BulkCleanupSteps {

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    LedgerSql sql;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    @Inject
    WebhookEvents events;

    @Inject
    DeletionRows rows;

    /**
     * Opens the run's held deletion, after undoing the fills of runs that died (their lease ran
     * out). One run at a time in the cluster: each parks up to its cap, so two together could
     * exceed it. The advisory lock makes the check and the insert one step across instances.
     */
    DeletionRequest open(BulkCleanupRequest request, String actor, Instant now) {
        sql.query("select pg_advisory_xact_lock(?)", s -> s.setLong(1, BulkCleanup.OPEN_LOCK), ResultSet::next);
        sql.query("select id from deletion_request where scope_type = " + quoted(ScopeType.BULK) + " and sweep_state = "
                + quoted(SweepState.HELD) + " and lease_until >= ? limit 1",
                statement -> statement.setTimestamp(1, Timestamp.from(now)), rows -> {
                    if (rows.next()) {
                        throw new BulkRunInProgressException(rows.getObject(1, UUID.class));
                    }
                    return null;
                });
        List<UUID> abandoned = sql.query("select id from deletion_request where scope_type = " + quoted(ScopeType.BULK)
                + " and sweep_state = " + quoted(SweepState.HELD) + " and lease_until < ? for update skip locked",
                statement -> statement.setTimestamp(1, Timestamp.from(now)), rows -> {
                    List<UUID> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                    return ids;
                });
        abandoned.forEach(id -> cancel(id, AuditLog.SYSTEM, "the run that filled deletion " + id + " stopped"
                + " without finishing"));
        DeletionRequest deletion = DeletionRequest.held(new DeletionScope(ScopeType.BULK, null, null, null, null,
                null), "bulk cleanup, retention " + request.retentionDays() + " days", actor, now);
        deletion.holdUntil(now.plus(BulkCleanup.FILL_LEASE));
        em.persist(deletion);
        return deletion;
    }

    /** The run is still filling; if its hold was undone meanwhile (it was too slow), it must stop. */
    void renew(UUID deletionId) {
        DeletionRequest deletion = em.find(DeletionRequest.class, deletionId, LockModeType.PESSIMISTIC_WRITE);
        if (deletion == null || !deletion.isHeld()) {
            throw new IllegalStateException("deletion " + deletionId + " was given up while this run filled it");
        }
        deletion.holdUntil(Instant.now().plus(BulkCleanup.FILL_LEASE));
    }

    /** Parks the due tracked rows in the deletion, at most {@code maxDelete + 1} (one more says "too many"). */
    int parkTracked(UUID deletionId, Instant temporaryCutoff, Instant finalCutoff, long maxDelete, Instant now) {
        return rows.takeOverActive(deletionId, null, Clause.of("id in (select id from stored_object where " + BulkCleanup.DUE
                + " order by created_at limit ?)", store.bucket(), Timestamp.from(temporaryCutoff),
                Timestamp.from(finalCutoff), maxDelete == Long.MAX_VALUE ? maxDelete : maxDelete + 1), now);
    }

    /** Parks untracked keys the run found: new rows, of keys no live record holds; returns how many. */
    int parkUntracked(UUID deletionId, List<FoundObject> keys) {
        return rows.queueUntracked(deletionId, store.bucket(), keys, null, Instant.now()).size();
    }

    /**
     * Every key is parked: the untracked ones get their audit entries, then all become due at
     * once and the deletion may finish; {@code cleanup.completed} goes out with the report.
     * Returns the report of what the deletion holds.
     */
    BulkCleanupReport release(UUID deletionId, BulkCleanupRequest request, String actor, BulkCleanup.Tally tracked,
                              BulkCleanup.Tally untracked) {
        renew(deletionId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        sql.update("insert into audit_event (at, actor, action, deletion_id, object_keys, outcome, detail)"
                + " select ?, ?, 'queue_untracked', deletion_id, array_agg(object_key), 'queued', ? from stored_object"
                + " where " + DeletionRows.PARKED + " and retention_class = 'standard' group by deletion_id", statement -> {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setString(2, AuditLog.SYSTEM);
            statement.setString(3, "untracked, past the orphan minimum age, read as its owner's by the key layout");
            statement.setObject(4, deletionId);
        });
        int queued = rows.makeParkedDue(deletionId, now);
        em.find(DeletionRequest.class, deletionId).release();
        audit.record(actor, "bulk_cleanup", deletionId, null, null, "queued", queued
                + " objects queued (temporary older than 1 hour, final older than " + request.retentionDays()
                + " days); untracked included: " + request.includeUntracked()
                + "; untracked kept because no layout attributes them: " + untracked.skipped);
        // the run's untracked rows are its only standard ones: a cleanup never takes a standard record
        Queued held = sql.query("select count(*), coalesce(sum(size_bytes), 0),"
                + " count(*) filter (where retention_class = 'temporary'),"
                + " count(*) filter (where retention_class = 'final'),"
                + " count(*) filter (where retention_class = 'standard') from stored_object where deletion_id = ?",
                statement -> statement.setObject(1, deletionId), rows -> {
                    rows.next();
                    return new Queued(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                            rows.getLong(5));
                });
        BulkCleanupReport report = BulkCleanup.report(request, deletionId, held.count(), held.bytes(), tracked, untracked,
                "Queued for deletion");
        events.publish(WebhookEventType.CLEANUP_COMPLETED.wireName(), announcement(report, request, held, actor));
        return report;
    }

    /** The seed's summary fields, what the run's deletion took of each kind, and who asked. */
    private static Map<String, Object> announcement(BulkCleanupReport report, BulkCleanupRequest request,
                                                    Queued queued, String actor) {
        Map<String, Object> data = report.fields();
        data.put("deleted_bytes", queued.bytes());
        data.put("temporary_count", queued.temporary());
        data.put("final_count", queued.finals());
        data.put("untracked_count", queued.untracked());
        data.put("include_untracked", request.includeUntracked());
        data.put("requested_by", actor);
        return data;
    }

    /**
     * The run stopped before its release: the untracked rows it inserted (the only
     * {@code standard} ones, since a cleanup never takes a standard record) are removed, the
     * tracked rows are active again, and the deletion is dropped. Nothing reached the store.
     */
    void cancel(UUID deletionId, String actor, String why) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int inserted = rows.dropParkedUntracked(deletionId);
        int tracked = rows.releaseParked(deletionId, now);
        // already gone when a later run undid this one's fill first; the rows above are still this run's
        DeletionRequest deletion = em.find(DeletionRequest.class, deletionId, LockModeType.PESSIMISTIC_WRITE);
        if (deletion != null && deletion.isHeld()) {
            em.remove(deletion);
        }
        audit.record(actor, "bulk_cleanup", null, null, null, "refused", "nothing deleted: " + tracked
                + " tracked objects left active, " + inserted + " untracked left alone; " + why);
    }

    /** What a released run's deletion holds: its keys, their bytes, and how many of each kind. */
    record Queued(long count, long bytes, long temporary, long finals, long untracked) {
    }
}
