package dev.custodian.retention.entity;

/**
 * The seed's bulk cleanup: temporary objects older than an hour and final objects older than
 * {@code retentionDays} go; with {@code includeUntracked}, so do objects the ledger does not know
 * that are older than the orphan minimum age and that a key layout reads as one owner's. Standard
 * objects are never touched.
 *
 * @param maxDelete the most objects this run may delete; null for the configured default
 */
public record BulkCleanupRequest(int retentionDays, boolean dryRun, boolean includeUntracked, Long maxDelete) {
}
