package dev.custodian.deletion.control;

import dev.custodian.persistence.LedgerSql;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Keeps the proof of deleted keys recent: {@code deleted_object} rows deleted more than
 * {@code custodian.ledger.deleted-retention-days} ago are purged in chunks, each its own
 * transaction with its audit event, their counts kept on their deletions. The audit keeps every
 * key's deletion for good; {@code GET /deletions/{id}/keys} shows the keys not yet purged. A
 * finished deletion's tally rows (one per confirming statement) are summed into one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NEVER)
public class DeletedRowsPurge {

    static final String RETENTION_DAYS = "custodian.ledger.deleted-retention-days";
    static final int CHUNK = 10_000;
    /** Finished deletions whose tallies one statement sums. */
    static final int TALLIES = 1_000;

    @Inject
    @ConfigProperty(name = RETENTION_DAYS, defaultValue = "90")
    int retentionDays;

    @Inject
    DrainLedger drainLedger;

    @Inject
    LedgerSql sql;

    @PostConstruct
    void check() {
        if (retentionDays < 1 || retentionDays > 36500) {
            throw new IllegalStateException(RETENTION_DAYS + " must be 1..36500, is " + retentionDays);
        }
    }

    /** Purges until nothing is due or {@code stopped} says so; returns how many rows went. */
    public long purge(BooleanSupplier stopped) {
        Instant cutoff = Instant.now().minus(Duration.ofDays(retentionDays));
        long purged = 0;
        int chunk;
        do {
            chunk = drainLedger.purgeDeleted(cutoff, CHUNK);
            purged += chunk;
        } while (chunk == CHUNK && !stopped.getAsBoolean());
        int summed;
        do {
            summed = compactTallies();
        } while (summed == TALLIES && !stopped.getAsBoolean());
        return purged;
    }

    /**
     * Sums the tally rows of up to {@link #TALLIES} finished deletions into one row each, in one
     * statement: a count never sees a half-compacted tally, and rows a reopened deletion writes
     * meanwhile are not among those it deletes. Returns how many deletions it compacted.
     */
    int compactTallies() {
        return sql.query("with many as (select deletion_id from deletion_tally t join deletion_request d"
                + " on d.id = t.deletion_id where d.finished_at is not null group by deletion_id having count(*) > 1"
                + " limit ?), gone as (delete from deletion_tally t using many m where t.deletion_id = m.deletion_id"
                + " returning t.*), summed as (insert into deletion_tally (deletion_id, keys, bytes) select deletion_id,"
                + " sum(keys), sum(bytes) from gone group by deletion_id returning deletion_id)"
                + " select count(*) from summed", s -> s.setInt(1, TALLIES), rows -> {
                    rows.next();
                    return rows.getInt(1);
                });
    }
}
