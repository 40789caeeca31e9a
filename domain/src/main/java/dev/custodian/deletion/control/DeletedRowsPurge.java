package dev.custodian.deletion.control;

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
 * key's deletion for good; {@code GET /deletions/{id}/keys} shows the keys not yet purged.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NEVER)
public class DeletedRowsPurge {

    static final String RETENTION_DAYS = "custodian.ledger.deleted-retention-days";
    static final int CHUNK = 10_000;

    @Inject
    @ConfigProperty(name = RETENTION_DAYS, defaultValue = "90")
    int retentionDays;

    @Inject
    DrainLedger drainLedger;

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
        return purged;
    }
}
