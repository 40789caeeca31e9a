package dev.custodian.bucketrun.entity;

import dev.custodian.inventory.entity.Inventory;

/**
 * What an admin asked a bucket run to do; unused scope fields are null. {@code inventory} is the
 * checked report a backfill scans instead of the listing.
 */
public record RunRequest(RunKind kind, boolean dryRun, String keyPrefix, String userId, String projectId,
                         long maxObjects, Inventory inventory) {
}
