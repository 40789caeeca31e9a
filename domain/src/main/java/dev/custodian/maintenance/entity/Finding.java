package dev.custodian.maintenance.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * One thing a run found: an orphaned file (in the bucket, no live record) or an orphaned record
 * (active record, no object). {@code createdAt} is the object's last-modified time or the record's
 * creation time; {@code outcome} is what an executing run did with it (null in a dry run).
 */
public record Finding(long id, FindingKind kind, String key, long sizeBytes, Instant createdAt, UUID objectId,
                      boolean actionable, FindingOutcome outcome, String detail) {
}
