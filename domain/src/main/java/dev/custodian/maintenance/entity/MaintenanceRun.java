package dev.custodian.maintenance.entity;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.run.entity.RunState;

import java.time.Instant;
import java.util.UUID;

/**
 * One maintenance run as stored: parameters, progress, counters and, for a finished dry run, its
 * token. {@code inventory} is the report it scans instead of the listing, null for a listing.
 */
public record MaintenanceRun(UUID id, RunState state, boolean dryRun, String keyPrefix, OrphanAction orphanAction,
                             int orphanMinAgeDays, MissingAction missingAction, long maxDelete, UUID sourceRunId,
                             String actor, String trigger, String confirmationToken, UUID tokenUsedBy,
                             Long executionId, UUID deletionId, Instant createdAt, Instant startedAt,
                             Instant scanStartedAt, Instant finishedAt, Counters counters, String error,
                             Inventory inventory) {

    /** What the run saw and did. */
    public record Counters(long recordsChecked, long missing, long objectsScanned, long orphans, long orphanBytes,
                           long checkErrors, long quarantined, long deleted, long recordsMarked) {
    }

    public boolean isActive() {
        return state.isActive();
    }

    /** A run that acts on another run's findings: it scans nothing itself. */
    public boolean replays() {
        return sourceRunId != null && !sourceRunId.equals(id);
    }

    /**
     * The time the run's view of the bucket was taken: the inventory's creation, or when its listing
     * began. A record changed later may be missing from that view, so the run never judges it.
     */
    public Instant judgedAt() {
        if (inventory == null || scanStartedAt == null) {
            return scanStartedAt;
        }
        return inventory.createdAt().isBefore(scanStartedAt) ? inventory.createdAt() : scanStartedAt;
    }

    /** Prefixes overlap when one contains the other ({@code ""} overlaps everything). */
    public boolean overlaps(String prefix) {
        return keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
    }
}
