package dev.custodian.retention.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The fields by their wire names, in the seed's order, for the events that carry the report. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("success", success);
        fields.put("message", message);
        fields.put("deletion_id", deletionId);
        fields.put("deleted_count", deletedCount);
        fields.put("deleted_size_mb", deletedSizeMb);
        fields.put("retained_count", retainedCount);
        fields.put("total_files_scanned", totalFilesScanned);
        fields.put("dry_run", dryRun);
        fields.put("deleted_files_sample", deletedFilesSample);
        fields.put("retention_days", retentionDays);
        fields.put("skipped_untracked_count", skippedUntrackedCount);
        return fields;
    }
}
