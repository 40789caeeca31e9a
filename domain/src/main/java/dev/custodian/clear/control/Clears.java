package dev.custodian.clear.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunItem;
import dev.custodian.deletion.control.DeletionReads;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.ledger.control.DeletionRows;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.maintenance.entity.QuarantineState;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.persistence.Clause;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.custodian.ledger.entity.ObjectTransition.MARK_DELETING;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * A clear in two steps. The listing is recorded as the run's items ({@code listed}) and nothing
 * else: that is the dry run, and what {@code max_delete} is checked against before anything changes.
 * A real run then fills one held deletion — untracked keys as new rows, live records under the
 * prefix (with or without their object) taken over — all parked (no attempt due), and one
 * transaction makes them due and releases the deletion, so the drain never finishes it half
 * filled. Every fill step is idempotent: a restarted job fills again what it had filled.
 */
@ApplicationScoped
@Transactional
public class Clears {

    private static final String UNDER = "bucket = ? AND object_key LIKE ? AND " + MARK_DELETING.from();

    @Inject
    BucketRuns runs;

    @Inject
    DeletionRows rows;

    @Inject
    DeletionReads reads;

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    /** One page of the listing into the run's items, in the chunk's transaction. */
    public void record(UUID runId, List<ObjectInfo> page) {
        runs.record(runId, page.stream().map(info -> new RunItem(info.key(), ItemOutcome.LISTED, null, null,
                Math.max(0, info.sizeBytes()), info.etag(), null)).toList());
    }

    /** What the run would delete: its listed keys and the live records under the prefix that have no object. */
    public record Plan(long objects, long bytes, long recordsWithoutObject) {

        public long keys() {
            return objects + recordsWithoutObject;
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Plan plan(BucketRun run, String bucket) {
        return sql.query("SELECT (SELECT count(*) FROM bucket_run_item WHERE run_id = ?),"
                + " (SELECT coalesce(sum(size_bytes), 0) FROM bucket_run_item WHERE run_id = ?),"
                + " (SELECT count(*) FROM stored_object o WHERE " + UNDER.replace("object_key", "o.object_key")
                .replace("state", "o.state") + " AND NOT EXISTS (SELECT 1 FROM bucket_run_item i WHERE i.run_id = ?"
                + " AND i.object_key = o.object_key))", s -> {
                    s.setObject(1, run.id());
                    s.setObject(2, run.id());
                    s.setString(3, bucket);
                    s.setString(4, StoredObjectRepository.likePrefix(run.keyPrefix()));
                    s.setObject(5, run.id());
                }, rows -> {
                    rows.next();
                    return new Plan(rows.getLong(1), rows.getLong(2), rows.getLong(3));
                });
    }

    /**
     * Fills the run's held deletion with every listed key and every live record under the prefix,
     * parked, then makes them all due and releases it in the same transaction. Returns the deletion.
     */
    public UUID queue(BucketRun run, String bucket) {
        if (run.deletionId() != null && !em.find(DeletionRequest.class, run.deletionId()).isHeld()) {
            // queued and released before a crash: a second fill would take what arrived since, uncapped
            return run.deletionId();
        }
        UUID deletionId = run.deletionId() != null ? run.deletionId() : open(run);
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
        String under = StoredObjectRepository.likePrefix(run.keyPrefix());
        // the quarantine's copies of files under the prefix go too, or a restore would bring cleared data back
        String copies = " from quarantined_object where original_key like ? and state = " + quoted(QuarantineState.QUARANTINED);
        // untracked listed keys and untracked copies: a new deleting row each
        rows.parkUntracked(deletionId, bucket, Clause.of("select object_key, size_bytes from bucket_run_item"
                + " where run_id = ? union all select quarantine_key, size_bytes" + copies, run.id(), under), now.toInstant());
        // every live record under the prefix (with or without its object) or of a copy, taken over
        rows.takeOver(deletionId, null, Clause.of("(bucket = ? and object_key like ? or bucket = ? and object_key in"
                + " (select quarantine_key" + copies + "))", bucket, under, bucket, under), now.toInstant());
        // quarantined files under the prefix, by either key: their bookkeeping goes with their bytes
        sql.update("UPDATE quarantined_object SET state = " + quoted(QuarantineState.PURGED) + ", deletion_id = ?, ended_at = ?,"
                + " detail = 'cleared' WHERE (quarantine_key LIKE ? OR original_key LIKE ?) AND state = " + quoted(QuarantineState.QUARANTINED),
                s -> {
                    s.setObject(1, deletionId);
                    s.setTimestamp(2, now);
                    s.setString(3, under);
                    s.setString(4, under);
                });
        int queued = rows.makeParkedDue(deletionId, now.toInstant());
        em.find(DeletionRequest.class, deletionId).release();
        audit.record(run.actor(), "clear", deletionId, run.id(), null, "queued", queued + " keys under prefix '"
                + run.keyPrefix() + "' queued for deletion");
        return deletionId;
    }

    private UUID open(BucketRun run) {
        DeletionRequest request = DeletionRequest.held(new DeletionScope(ScopeType.CLEAR, null, null, null, null,
                null), "clear of prefix '" + run.keyPrefix() + "' (run " + run.id() + ")", run.actor(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(request);
        em.flush();
        runs.attachDeletion(run.id(), request.id());
        return request.id();
    }

    /** The report's counts: what was (or would be) deleted, and how far the deletion has got. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Long> report(BucketRun run, String bucket) {
        Plan plan = plan(run, bucket);
        var counts = run.deletionId() == null ? null : reads.counts(run.deletionId());
        return Map.of("objects", plan.objects(), "bytes", plan.bytes(), "records_without_object",
                plan.recordsWithoutObject(), "deleted", counts == null ? 0 : counts.deleted(),
                "failed", counts == null ? 0 : counts.failed());
    }
}
