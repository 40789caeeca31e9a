package dev.custodian.audit.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the trail as it is read: an event, for one of its keys. An event about a batch of
 * keys reads as one entry per key, all with the event's id and each at its own position in the
 * batch (1 for an event about one key or none), so {@code (id, position)} orders and pages them.
 * {@code versionId} names the version of the key the entry is about, when it is about one (the
 * erasure of a versioned key reads as one entry per version).
 */
public record AuditEntry(long id, long position, Instant at, String actor, String action, UUID deletionId,
                         UUID runId, String key, String versionId, String outcome, String detail) {
}
