package dev.custodian.retention.entity;

import java.util.List;
import java.util.UUID;

/**
 * What a bulk cleanup did (or, as a dry run, would do), in the seed's terms.
 *
 * @param skippedUntrackedCount untracked objects old enough to go that were kept because neither the
 *                              canonical layout nor a legacy template reads them as one owner's
 */
public record BulkCleanupReport(boolean success, String message, UUID deletionId, long deletedCount,
                                double deletedSizeMb, long retainedCount, long totalFilesScanned, boolean dryRun,
                                List<String> deletedFilesSample, int retentionDays, long skippedUntrackedCount) {
}
