package dev.custodian.maintenance.entity;

import java.time.Instant;
import java.util.UUID;

/** A file moved under {@code _quarantine/<run id>/} by a maintenance run, and what became of it. */
public record QuarantinedObject(UUID id, UUID runId, String originalKey, String quarantineKey, long sizeBytes,
                                String etag, String state, Instant quarantinedAt, Instant endedAt) {

    /** Everything under this prefix belongs to the quarantine and is never itself an orphan. */
    public static final String PREFIX = "_quarantine/";
}
