package dev.custodian.deletion.entity;

import dev.custodian.ledger.entity.LeasedRow;
import dev.custodian.ledger.entity.UnclaimedRow;

import java.time.Instant;
import java.util.UUID;

/**
 * A ledger row whose key the drain deletes for the deletion named: a row it claimed, or an active
 * row an owner's chunk sends unclaimed ({@code unclaimed} says which chunk, and the row's version).
 *
 * @param attempts     permanent failures so far (refusals of this key); outages do not count
 * @param failingSince the first of the failures in a row, or null while none has failed
 * @param sizeBytes    as the ledger knows it (0 when unknown), for the bytes a deletion reclaims
 * @param unclaimed    null for a claimed row
 */
public record DueKey(UUID objectId, String key, UUID deletionId, int attempts, Instant failingSince,
                     long sizeBytes, boolean bypassGovernance, Unclaimed unclaimed) {

    public DueKey(UUID objectId, String key, UUID deletionId, int attempts, Instant failingSince, long sizeBytes) {
        this(objectId, key, deletionId, attempts, failingSince, sizeBytes, false, null);
    }

    /** The chunk ({@code deletion_chunk}) that sent an unclaimed row, and the row's version it read. */
    public record Unclaimed(UUID chunkId, String version) {
    }

    /** The key of a row the ledger leased to the drain. */
    public static DueKey of(LeasedRow row) {
        return new DueKey(row.id(), row.key(), row.deletionId(), row.attempts(), row.failingSince(), row.sizeBytes(),
                row.bypassGovernance(), null);
    }

    /** The key of an active row the chunk {@code chunkId} of this deletion sends to the store unclaimed. */
    public static DueKey of(UnclaimedRow row, UUID deletionId, UUID chunkId) {
        return new DueKey(row.id(), row.key(), deletionId, 0, null, row.sizeBytes(), false,
                new Unclaimed(chunkId, row.version()));
    }

    /** The row as the ledger's confirmation of an unclaimed key reads it; only for an unclaimed key. */
    public UnclaimedRow unclaimedRow() {
        return new UnclaimedRow(objectId, key, sizeBytes, unclaimed.version());
    }
}
