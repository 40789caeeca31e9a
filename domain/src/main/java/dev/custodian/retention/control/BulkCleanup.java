package dev.custodian.retention.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.ledger.control.LedgerSql;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.retention.entity.BulkCleanupReport;
import dev.custodian.retention.entity.BulkCleanupRequest;
import dev.custodian.retention.entity.DeleteLimitExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Seed 003's bulk cleanup, done safely: the same SQL predicate counts the dry run and marks the
 * real run, so a dry run reports exactly what a run right after it deletes; untracked objects only
 * when asked and only past the orphan minimum age; {@code max_delete} stops a run before it
 * deletes anything. The deletion itself is the pipeline's (crash-safe, audited, verified).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BulkCleanup {

    /** Temporary files younger than this may still be in use by a running job. */
    static final Duration TEMPORARY_GRACE = Duration.ofHours(1);
    static final int SAMPLE = 20;
    /** Keys under this prefix belong to maintenance's quarantine, never to a cleanup. */
    static final String QUARANTINE_PREFIX = "_quarantine/";
    private static final int LOOKUP_BATCH = 1000;
    private static final String DUE = "bucket = ? and state = 'active' and ((retention_class = 'temporary'"
            + " and created_at < ?) or (retention_class = 'final' and created_at < ?))";

    @Inject
    LedgerSql sql;

    @Inject
    DeletionLedger deletions;

    @Inject
    ObjectStore store;

    @Inject
    KeyLayout layout;

    @Inject
    RetentionSettings settings;

    @Inject
    Steps steps;

    public BulkCleanupReport run(BulkCleanupRequest request, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant temporaryCutoff = now.minus(TEMPORARY_GRACE);
        Instant finalCutoff = now.minus(Duration.ofDays(request.retentionDays()));
        Instant orphanCutoff = now.minus(settings.orphanMinAge());
        Tally tracked = tallyTracked(temporaryCutoff, finalCutoff);
        Tally untracked = request.includeUntracked() ? tallyUntracked(orphanCutoff, key -> { }) : new Tally();
        long wouldDelete = tracked.count + untracked.count;
        if (request.maxDelete() != null && wouldDelete > request.maxDelete()) {
            throw new DeleteLimitExceededException(wouldDelete, request.maxDelete());
        }
        long scanned = tracked.scanned + untracked.scanned;
        List<String> sample = new ArrayList<>(tracked.sample);
        untracked.sample.stream().limit(SAMPLE - sample.size()).forEach(sample::add);
        if (request.dryRun()) {
            return report(request, null, wouldDelete, tracked.bytes + untracked.bytes, tracked.retained, scanned,
                    sample, "Would delete");
        }
        DeletionRequest deletion = steps.markTracked(request, actor, temporaryCutoff, finalCutoff, now);
        int[] queued = {0};
        if (request.includeUntracked()) {
            tallyUntracked(orphanCutoff, keys -> queued[0] += deletions.queueUntracked(deletion.id(),
                    store.bucket(), keys, Instant.now()));
        }
        var counts = deletions.counts(deletion.id());
        return report(request, deletion.id(), counts.total(), tracked.bytes + untracked.bytes, tracked.retained,
                scanned, sample, "Queued for deletion");
    }

    private BulkCleanupReport report(BulkCleanupRequest request, UUID deletionId, long count, long bytes, long retained,
                                     long scanned, List<String> sample, String verb) {
        double megabytes = Math.round(bytes / 1024.0 / 1024.0 * 100) / 100.0;
        String message = verb + " " + count + " files (" + String.format(java.util.Locale.ROOT, "%.2f", megabytes)
                + " MB), retained " + retained + " recent clips";
        return new BulkCleanupReport(true, message, deletionId, count, megabytes, retained, scanned, request.dryRun(),
                List.copyOf(sample), request.retentionDays());
    }

    private Tally tallyTracked(Instant temporaryCutoff, Instant finalCutoff) {
        Tally tally = new Tally();
        sql.query("select count(*) filter (where " + DUE + "), coalesce(sum(size_bytes) filter (where " + DUE + "), 0),"
                + " count(*) filter (where bucket = ? and state = 'active' and retention_class = 'final'"
                + " and created_at >= ?), count(*) filter (where bucket = ? and state = 'active')"
                + " from stored_object where bucket = ? and state = 'active'", statement -> {
            int i = bindDue(statement, 1, temporaryCutoff, finalCutoff);
            i = bindDue(statement, i, temporaryCutoff, finalCutoff);
            statement.setString(i++, store.bucket());
            statement.setTimestamp(i++, Timestamp.from(finalCutoff));
            statement.setString(i++, store.bucket());
            statement.setString(i, store.bucket());
        }, rows -> {
            rows.next();
            tally.count = rows.getLong(1);
            tally.bytes = rows.getLong(2);
            tally.retained = rows.getLong(3);
            tally.scanned = rows.getLong(4);
            return null;
        });
        tally.sample.addAll(sql.query("select object_key from stored_object where " + DUE + " order by created_at"
                + " limit " + SAMPLE, statement -> bindDue(statement, 1, temporaryCutoff, finalCutoff), rows -> {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        }));
        return tally;
    }

    private int bindDue(java.sql.PreparedStatement statement, int first, Instant temporaryCutoff, Instant finalCutoff)
            throws java.sql.SQLException {
        statement.setString(first, store.bucket());
        statement.setTimestamp(first + 1, Timestamp.from(temporaryCutoff));
        statement.setTimestamp(first + 2, Timestamp.from(finalCutoff));
        return first + 3;
    }

    /**
     * Lists the whole bucket (page by page) and counts the objects no live record holds that are
     * older than the cutoff, handing them on in batches; the quarantine is never counted.
     */
    private Tally tallyUntracked(Instant cutoff, Consumer<List<UntrackedKey>> orphans) {
        Tally tally = new Tally();
        List<ObjectInfo> pending = new ArrayList<>();
        Runnable lookUp = () -> {
            Set<String> known = deletions.tracked(store.bucket(), pending.stream().map(ObjectInfo::key).toList());
            List<UntrackedKey> batch = new ArrayList<>();
            for (ObjectInfo info : pending) {
                if (!known.contains(info.key()) && info.lastModified() != null && info.lastModified().isBefore(cutoff)) {
                    tally.count++;
                    tally.bytes += Math.max(0, info.sizeBytes());
                    if (tally.sample.size() < SAMPLE) {
                        tally.sample.add(info.key());
                    }
                    batch.add(new UntrackedKey(info.key(), Math.max(0, info.sizeBytes()),
                            layout.parse(info.key()).parts().orElse(null)));
                }
            }
            if (!batch.isEmpty()) {
                orphans.accept(batch);
            }
            pending.clear();
        };
        try (var listing = store.list("")) {
            listing.filter(info -> !info.key().startsWith(QUARANTINE_PREFIX)).forEach(info -> {
                tally.scanned++;
                pending.add(info);
                if (pending.size() == LOOKUP_BATCH) {
                    lookUp.run();
                }
            });
        }
        lookUp.run();
        return tally;
    }

    /** Counts of one side (tracked or untracked) of a cleanup. */
    private static final class Tally {
        long count;
        long bytes;
        long retained;
        long scanned;
        final List<String> sample = new ArrayList<>();
    }

    /** The transaction that turns the counted rows into a deletion. */
    @ApplicationScoped
    @Transactional
    public static class Steps {

        @PersistenceContext(unitName = "custodian")
        EntityManager em;

        @Inject
        LedgerSql sql;

        @Inject
        ObjectStore store;

        @Inject
        AuditLog audit;

        DeletionRequest markTracked(BulkCleanupRequest request, String actor, Instant temporaryCutoff,
                                    Instant finalCutoff, Instant now) {
            DeletionRequest deletion = DeletionRequest.queued(new DeletionScope(ScopeType.BULK, null, null, null, null,
                    null), "bulk cleanup, retention " + request.retentionDays() + " days", actor, false, now);
            em.persist(deletion);
            em.flush();
            int marked = sql.update("update stored_object set state = 'deleting', deletion_id = ?, attempts = 0,"
                    + " next_attempt_at = ?, updated_at = ? where " + DUE, statement -> {
                statement.setObject(1, deletion.id());
                statement.setTimestamp(2, Timestamp.from(now));
                statement.setTimestamp(3, Timestamp.from(now));
                statement.setString(4, store.bucket());
                statement.setTimestamp(5, Timestamp.from(temporaryCutoff));
                statement.setTimestamp(6, Timestamp.from(finalCutoff));
            });
            audit.record(actor, "bulk_cleanup", deletion.id(), null, null, "queued", marked
                    + " tracked objects queued (temporary older than 1 hour, final older than "
                    + request.retentionDays() + " days); untracked included: " + request.includeUntracked());
            return deletion;
        }
    }
}
