package dev.custodian.deletion.entity;

import java.util.List;

/**
 * What an owner deletion would do now (a dry run): the tracked and untracked keys it would delete
 * (each list shows at most {@code limit} keys; the counts and bytes cover all), and the keys it
 * would leave alone because they might belong to someone else.
 */
public record DeletionPlan(List<PlannedKey> tracked, List<PlannedKey> untracked, List<String> ambiguous,
                           long objectCount, long totalBytes, boolean truncated) {

    /** One key of the plan; {@code objectId} is null for a key the ledger does not know. */
    public record PlannedKey(String key, long sizeBytes, java.util.UUID objectId) {
    }
}
