package dev.custodian.bucketrun.entity;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.run.entity.RunState;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One bucket-wide admin run, in a {@link RunState} (a restart of a failed run's job runs it on). {@code keyPrefix}
 * scopes a backfill or clear, {@code userId}/{@code projectId} a migration. {@code report} holds
 * the counts frozen when the run ended, null before. {@code inventory} is the report a backfill
 * scans instead of the listing, null for a listing.
 */
public record BucketRun(UUID id, RunKind kind, RunState state, boolean dryRun, String keyPrefix, String userId,
                        String projectId, long maxObjects, String actor, Long executionId, UUID deletionId,
                        boolean limitReached, Map<String, Long> report, String error, Instant createdAt,
                        Instant startedAt, Instant finishedAt, Inventory inventory) {

    public boolean isActive() {
        return state.isActive();
    }

    /**
     * Whether this run's keys may lie under the prefix: prefixes overlap when one contains the
     * other; a migration moves keys between prefixes, so it overlaps every prefix.
     */
    public boolean overlaps(String prefix) {
        return keyPrefix == null || keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
    }
}
