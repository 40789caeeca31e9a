package dev.custodian.bucketrun.entity;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;

/**
 * What an admin asked a bucket run to do; unused scope fields are null. {@code inventory} is the
 * checked report a backfill scans instead of the listing. The factories hold each kind's defaults
 * and guards, the same for every caller: a dry run unless {@code dryRun} is false, a positive
 * cap (the configured one when none is sent), and the scope's own rules; each throws a
 * {@link dev.custodian.validation.ValidationException} naming every field that breaks one.
 */
public record RunRequest(RunKind kind, boolean dryRun, String keyPrefix, String userId, String projectId,
                         long maxObjects, Inventory inventory) {

    /** Adopts untracked objects under {@code keyPrefix} (null: the whole bucket), never the quarantine. */
    public static RunRequest backfill(String keyPrefix, Boolean dryRun, Long maxObjects, long defaultMax) {
        Violations violations = new Violations();
        String prefix = keyPrefix == null ? "" : keyPrefix;
        Identifiers.keyPrefix(violations, "key_prefix", prefix);
        QuarantinedObject.refuseUnderQuarantine(violations, "key_prefix", prefix, "the quarantine is never adopted");
        long max = cap(violations, "max_objects", maxObjects, defaultMax);
        violations.throwIfAny();
        return new RunRequest(RunKind.BACKFILL, !Boolean.FALSE.equals(dryRun), prefix, null, null, max, null);
    }

    /** The same run, scanning the checked inventory report instead of the listing. */
    public RunRequest scanning(Inventory report) {
        return new RunRequest(kind, dryRun, keyPrefix, userId, projectId, maxObjects, report);
    }

    /** Moves the legacy keys of one user's or one project's records (neither: every record's). */
    public static RunRequest migration(String userId, String projectId, Boolean dryRun, Long maxObjects,
                                       long defaultMax) {
        Violations violations = new Violations();
        Identifiers.optionalId(violations, "project_id", projectId);
        Identifiers.optionalId(violations, "user_id", userId);
        if (projectId != null && userId != null) {
            violations.add("user_id", "give project_id or user_id, not both");
        }
        long max = cap(violations, "max_objects", maxObjects, defaultMax);
        violations.throwIfAny();
        return new RunRequest(RunKind.MIGRATION, !Boolean.FALSE.equals(dryRun), null, userId, projectId, max, null);
    }

    /**
     * Deletes everything under {@code keyPrefix} ("" the whole bucket: it must be given), records
     * included, only when {@code confirm} names the bucket.
     */
    public static RunRequest clear(String keyPrefix, String confirm, String bucket, Boolean dryRun, Long maxDelete,
                                   long defaultMax) {
        Violations violations = new Violations();
        if (keyPrefix == null) {
            violations.add("key_prefix", "is required (\"\" clears the whole bucket)");
        }
        Identifiers.keyPrefix(violations, "key_prefix", keyPrefix);
        if (!bucket.equals(confirm)) {
            violations.add("confirm", "must be the bucket's name");
        }
        long max = cap(violations, "max_delete", maxDelete, defaultMax);
        violations.throwIfAny();
        return new RunRequest(RunKind.CLEAR, !Boolean.FALSE.equals(dryRun), keyPrefix, null, null, max, null);
    }

    private static long cap(Violations violations, String field, Long sent, long fallback) {
        if (sent != null && sent < 1) {
            violations.add(field, "must be at least 1");
        }
        return sent == null ? fallback : sent;
    }
}
