package dev.custodian.ledger.entity;

import java.util.UUID;

/**
 * An active row of an owner's chunk that goes to the store without being taken over first: it
 * stays {@code active} until the store confirmed its key, then becomes {@code deleted} in one write
 * ({@link ObjectTransition#CONFIRM_DELETED_UNCLAIMED}), and only if it is still the version the
 * chunk read ({@code version}, the row's {@code xmin}): a row that changed meanwhile (its key
 * moved, another deletion took it) is taken over instead, so its current key goes too.
 *
 * @param sizeBytes as the ledger knows it (0 when unknown)
 */
public record UnclaimedRow(UUID id, String key, long sizeBytes, String version) {
}
