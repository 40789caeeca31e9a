package dev.custodian.migration.entity;

import java.util.UUID;

/**
 * One planned move, as its intent row says: {@code planned} → {@code copied} → {@code switched} →
 * {@code migrated}; {@code etag} is the source's until the copy is verified, then the copy's.
 */
public record MigrationItem(UUID runId, String from, String outcome, String to, UUID objectId, Long sizeBytes,
                            String etag) {
}
