package dev.custodian.inventory.entity;

import java.time.Instant;
import java.util.List;

/**
 * An S3 Inventory {@code manifest.json} as far as a scan needs it (CSV only).
 *
 * @param columns the data files' columns in order, from {@code fileSchema}
 * @param files   the gzip CSV data files, in the manifest's order
 */
public record InventoryManifest(String key, String sourceBucket, String destinationBucket, Instant createdAt,
                                List<String> columns, List<DataFile> files) {

    /** One data file: its key in the destination bucket, its size, and its MD5 (hex) when the manifest gives one. */
    public record DataFile(String key, long size, String md5) {
    }

    public Inventory inventory() {
        return new Inventory(key, createdAt);
    }
}
