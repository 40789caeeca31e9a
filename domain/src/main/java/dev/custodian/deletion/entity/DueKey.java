package dev.custodian.deletion.entity;

import dev.custodian.ledger.entity.LeasedRow;

import java.time.Instant;
import java.util.UUID;

/**
 * A ledger row the drain has claimed: its key is to be deleted for the deletion named.
 *
 * @param attempts     permanent failures so far (refusals of this key); outages do not count
 * @param failingSince the first of the failures in a row, or null while none has failed
 * @param sizeBytes    as the ledger knows it (0 when unknown), for the bytes a deletion reclaims
 */
public record DueKey(UUID objectId, String key, UUID deletionId, int attempts, Instant failingSince,
                     long sizeBytes, boolean bypassGovernance) {

    public DueKey(UUID objectId, String key, UUID deletionId, int attempts, Instant failingSince, long sizeBytes) {
        this(objectId, key, deletionId, attempts, failingSince, sizeBytes, false);
    }

    /** The key of a row the ledger leased to the drain. */
    public static DueKey of(LeasedRow row) {
        return new DueKey(row.id(), row.key(), row.deletionId(), row.attempts(), row.failingSince(), row.sizeBytes(),
                row.bypassGovernance());
    }
}
