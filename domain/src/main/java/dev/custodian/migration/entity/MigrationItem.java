package dev.custodian.migration.entity;

import dev.custodian.bucketrun.entity.ItemOutcome;

import java.util.UUID;

/**
 * One planned move, as its intent row says: {@code planned} → {@code copied} → {@code switched} →
 * {@code migrated}; {@code etag} is the source's until the copy is verified, then the copy's.
 */
public record MigrationItem(UUID runId, String from, ItemOutcome outcome, String to, UUID objectId, Long sizeBytes,
                            String etag) {
}
