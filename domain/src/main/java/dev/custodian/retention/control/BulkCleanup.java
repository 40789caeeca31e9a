package dev.custodian.retention.control;

import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ReservedKeys;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.retention.entity.BulkCleanupReport;
import dev.custodian.retention.entity.BulkCleanupRequest;
import dev.custodian.retention.entity.DeleteLimitExceededException;
import dev.custodian.validation.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * Seed 003's bulk cleanup, done safely: the same SQL predicate counts the dry run and marks the
 * real run, so a dry run reports what a run right after it deletes; untracked objects only when
 * asked, only past the orphan minimum age and only when a layout reads them as one owner's.
 *
 * <p>A real run fills one held deletion: its keys are parked (queued, not yet due, so the drain
 * leaves them alone) while the run marks the tracked rows and lists the bucket. Only when every
 * key is queued does one transaction make them due and release the deletion, so the worker never
 * finishes (or verifies) it half filled. {@code max_delete} (default
 * {@code custodian.cleanup.max-delete}) is checked on what was actually parked: past it, the
 * parked keys are let go again and nothing is deleted.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BulkCleanup {

    /** Temporary files younger than this may still be in use by a running job. */
    static final Duration TEMPORARY_GRACE = Duration.ofHours(1);
    static final int SAMPLE = 20;
    private static final int LOOKUP_BATCH = 1000;
    /** How long a run's hold lasts unless it renews it; it renews after every batch of 1000 keys. */
    static final Duration FILL_LEASE = Duration.ofMinutes(5);
    /** The advisory lock that makes opening a run one step across instances ("bulk" in ASCII). */
    static final long OPEN_LOCK = 0x62756c6bL;
    static final String DUE = "bucket = ? and state = " + quoted(ObjectState.ACTIVE) + " and ((retention_class = 'temporary'"
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
    BulkCleanupSteps steps;

    public BulkCleanupReport run(BulkCleanupRequest request, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant temporaryCutoff = now.minus(TEMPORARY_GRACE);
        Instant finalCutoff = now.minus(Duration.ofDays(request.retentionDays()));
        Instant orphanCutoff = now.minus(settings.orphanMinAge());
        long maxDelete = request.maxDelete() == null ? settings.cleanupMaxDelete() : request.maxDelete();
        if (maxDelete > settings.cleanupMaxDeleteCeiling()) {
            throw new ValidationException("max_delete", "must be at most " + settings.cleanupMaxDeleteCeiling()
                    + " (custodian.cleanup.max-delete-ceiling)");
        }
        Tally tracked = tallyTracked(temporaryCutoff, finalCutoff);
        if (request.dryRun()) {
            Tally untracked = request.includeUntracked() ? tallyUntracked(orphanCutoff, key -> { }) : new Tally();
            long wouldDelete = tracked.count + untracked.count;
            if (wouldDelete > maxDelete) {
                throw new DeleteLimitExceededException(wouldDelete, maxDelete);
            }
            return report(request, null, wouldDelete, tracked.bytes + untracked.bytes, tracked, untracked,
                    "Would delete");
        }
        DeletionRequest deletion = steps.open(request, actor, now);
        Tally untracked = new Tally();
        BulkCleanupReport released;
        try {
            long[] parked = {steps.parkTracked(deletion.id(), temporaryCutoff, finalCutoff, maxDelete, now)};
            refuseBeyond(parked[0], maxDelete);
            steps.renew(deletion.id());
            if (request.includeUntracked()) {
                untracked = tallyUntracked(orphanCutoff, keys -> {
                    parked[0] += steps.parkUntracked(deletion.id(), keys);
                    refuseBeyond(parked[0], maxDelete);
                    steps.renew(deletion.id());
                });
            }
            released = steps.release(deletion.id(), request, actor, tracked, untracked);
        } catch (RuntimeException e) {
            // over the cap, or the store or database failed mid-way: the run changes nothing
            try {
                steps.cancel(deletion.id(), actor, e.getMessage());
            } catch (RuntimeException cancelFailed) {
                e.addSuppressed(cancelFailed);
            }
            throw e;
        }
        return released;
    }

    /** Stops a run as soon as it has parked more than it may delete; it cannot know the full count. */
    static void refuseBeyond(long parked, long maxDelete) {
        if (parked > maxDelete) {
            throw new DeleteLimitExceededException(parked, maxDelete, true);
        }
    }

    static BulkCleanupReport report(BulkCleanupRequest request, UUID deletionId, long count, long bytes,
                                     Tally tracked, Tally untracked, String verb) {
        double megabytes = Math.round(bytes / 1024.0 / 1024.0 * 100) / 100.0;
        String message = verb + " " + count + " files (" + String.format(java.util.Locale.ROOT, "%.2f", megabytes)
                + " MB), retained " + tracked.retained + " recent clips"
                + (untracked.skipped > 0 ? ", kept " + untracked.skipped + " untracked files no layout attributes"
                        : "");
        List<String> sample = new ArrayList<>(tracked.sample);
        untracked.sample.stream().limit(SAMPLE - sample.size()).forEach(sample::add);
        return new BulkCleanupReport(true, message, deletionId, count, megabytes, tracked.retained,
                tracked.scanned + untracked.scanned, request.dryRun(), List.copyOf(sample), request.retentionDays(),
                untracked.skipped);
    }

    private Tally tallyTracked(Instant temporaryCutoff, Instant finalCutoff) {
        Tally tally = new Tally();
        sql.query("select count(*) filter (where " + DUE + "), coalesce(sum(size_bytes) filter (where " + DUE + "), 0),"
                + " count(*) filter (where bucket = ? and state = " + quoted(ObjectState.ACTIVE) + " and retention_class = 'final'"
                + " and created_at >= ?), count(*) filter (where bucket = ? and state = " + quoted(ObjectState.ACTIVE) + ")"
                + " from stored_object where bucket = ? and state = " + quoted(ObjectState.ACTIVE), statement -> {
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
     * older than the cutoff and that the canonical layout or one legacy template reads as exactly
     * one owner's, handing them on a batch per thousand keys listed. Unparseable and ambiguous
     * keys are only counted as skipped: a key nobody claims is never deleted. The quarantine is
     * never looked at.
     */
    private Tally tallyUntracked(Instant cutoff, Consumer<List<FoundObject>> orphans) {
        Tally tally = new Tally();
        List<ObjectInfo> pending = new ArrayList<>();
        Runnable lookUp = () -> {
            Set<String> known = deletions.tracked(store.bucket(), pending.stream().map(ObjectInfo::key).toList());
            List<FoundObject> batch = new ArrayList<>();
            for (ObjectInfo info : pending) {
                if (known.contains(info.key()) || info.lastModified() == null
                        || !info.lastModified().isBefore(cutoff)) {
                    continue;
                }
                Optional<KeyParts> owner = layout.parse(info.key()).parts();
                if (owner.isEmpty()) {
                    tally.skipped++;
                    continue;
                }
                tally.count++;
                tally.bytes += Math.max(0, info.sizeBytes());
                if (tally.sample.size() < SAMPLE) {
                    tally.sample.add(info.key());
                }
                batch.add(new FoundObject(info.key(), owner.get(), Math.max(0, info.sizeBytes()), info.etag(), null,
                        info.lastModified()));
            }
            // handed on even when empty: a real run renews its hold per batch looked up
            orphans.accept(batch);
            pending.clear();
        };
        try (var listing = store.list("")) {
            listing.filter(info -> !info.key().startsWith(QuarantinedObject.PREFIX)
                    && !info.key().startsWith(ReservedKeys.PREFIX)).forEach(info -> {
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
    static final class Tally {
        long count;
        long bytes;
        long retained;
        long scanned;
        /** Untracked keys old enough to go that no layout attributes to one owner: kept. */
        long skipped;
        final List<String> sample = new ArrayList<>();
    }
}
