package dev.custodian.retention.entity;

import dev.custodian.validation.Violations;

/**
 * The seed's bulk cleanup: temporary objects older than an hour and final objects older than
 * {@code retentionDays} go; with {@code includeUntracked}, so do objects the ledger does not know
 * that are older than the orphan minimum age and that a key layout reads as one owner's. Standard
 * objects are never touched.
 *
 * @param maxDelete the most objects this run may delete; null for the configured default
 */
public record BulkCleanupRequest(int retentionDays, boolean dryRun, boolean includeUntracked, Long maxDelete) {

    public static final int MAX_RETENTION_DAYS = 36500;

    /**
     * A request as a caller sent it (null: not sent), with the safety rules of every destructive
     * run: a dry run unless {@code dryRun} is false, a retention of at least a day unless an admin
     * ({@code mayForce}) sends {@code force}, no negative cap.
     *
     * @param defaultRetentionDays the final objects' retention when none is sent
     * @throws dev.custodian.validation.ValidationException naming every field that breaks a rule
     */
    public static BulkCleanupRequest of(Long retentionDays, Boolean dryRun, Boolean includeUntracked, Boolean force,
                                        boolean mayForce, Long maxDelete, int defaultRetentionDays) {
        Violations violations = new Violations();
        long days = retentionDays == null ? defaultRetentionDays : retentionDays;
        boolean forced = Boolean.TRUE.equals(force) && mayForce;
        if (days > MAX_RETENTION_DAYS) {
            violations.add("retention_days", "must be at most " + MAX_RETENTION_DAYS);
        } else if (days < 1 && !forced) {
            violations.add("retention_days", "must be at least 1 (an admin may send force=true)");
        } else if (days < 0) {
            violations.add("retention_days", "must not be negative");
        }
        if (maxDelete != null && maxDelete < 0) {
            violations.add("max_delete", "must not be negative");
        }
        violations.throwIfAny();
        return new BulkCleanupRequest((int) days, !Boolean.FALSE.equals(dryRun), Boolean.TRUE.equals(includeUntracked),
                maxDelete);
    }
}
