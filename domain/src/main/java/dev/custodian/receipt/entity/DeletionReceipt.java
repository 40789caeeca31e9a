package dev.custodian.receipt.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * A deletion's receipt as kept: the claims exactly as they are signed, and the compact JWS once a
 * key has signed them (null before). It attests the finish at {@code finishedAt}; a deletion
 * retried and finished again gets a new one.
 */
public record DeletionReceipt(UUID deletionId, Instant finishedAt, byte[] merkleRoot, long leafCount, String payload,
                              String jws) {
}
