package dev.custodian.audit.entity;

import java.time.Instant;
import java.util.UUID;

/** What a read of the audit trail is narrowed to; null fields do not narrow. */
public record AuditFilter(UUID deletionId, String key, Instant since) {
}
