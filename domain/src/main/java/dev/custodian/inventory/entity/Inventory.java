package dev.custodian.inventory.entity;

import java.time.Instant;

/**
 * The S3 Inventory report a run scans instead of listing the bucket.
 *
 * @param manifestKey the key of its {@code manifest.json} in the service's bucket
 * @param createdAt   the manifest's {@code creationTimestamp}: when S3 began taking the report, so
 *                    nothing the ledger wrote later can be judged by it
 */
public record Inventory(String manifestKey, Instant createdAt) {
}
