package dev.custodian.ledger.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * A {@code deleting} row leased to the drain that took it: its key is to be deleted for the
 * deletion named, and no other drain takes it until the lease runs out.
 *
 * @param attempts     permanent failures so far; outages do not count
 * @param failingSince the first of the failures in a row, or null while none has failed
 * @param sizeBytes    as the ledger knows it (0 when unknown)
 */
public record LeasedRow(UUID id, String key, UUID deletionId, int attempts, Instant failingSince, long sizeBytes,
                        boolean bypassGovernance) {
}
