package dev.custodian.retention.entity;

import java.util.List;
import java.util.UUID;

/** What a bulk cleanup did (or, as a dry run, would do), in the seed's terms. */
public record BulkCleanupReport(boolean success, String message, UUID deletionId, long deletedCount,
                                double deletedSizeMb, long retainedCount, long totalFilesScanned, boolean dryRun,
                                List<String> deletedFilesSample, int retentionDays) {
}
