package dev.custodian.ledger.entity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Active objects with the same content (size and etag). A clean-up would keep the oldest and
 * reclaim the rest: {@code (count - 1) * sizeBytes}. {@code objects} is the oldest few, oldest first.
 */
public record DuplicateGroup(long sizeBytes, String etag, long count, long reclaimableBytes, List<Copy> objects) {

    /** One of the copies. */
    public record Copy(UUID id, String key, Instant createdAt) {
    }
}
