package dev.custodian.migration.entity;

import dev.custodian.keys.entity.KeyParts;

import java.util.UUID;

/** An active record a migration looks at: where it lives now and the owner fields its canonical key is built from. */
public record MigrationCandidate(UUID id, String key, KeyParts parts, Long sizeBytes, String etag) {
}
