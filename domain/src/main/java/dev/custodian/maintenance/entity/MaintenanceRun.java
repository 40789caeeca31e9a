package dev.custodian.maintenance.entity;

import java.time.Instant;
import java.util.UUID;

/** One maintenance run as stored: parameters, progress, counters and, for a finished dry run, its token. */
public record MaintenanceRun(UUID id, RunState state, boolean dryRun, String keyPrefix, OrphanAction orphanAction,
                             int orphanMinAgeDays, MissingAction missingAction, long maxDelete, UUID sourceRunId,
                             String actor, String trigger, String confirmationToken, UUID tokenUsedBy,
                             Long executionId, UUID deletionId, Instant createdAt, Instant startedAt,
                             Instant scanStartedAt, Instant finishedAt, Counters counters, String error) {

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

    /** Prefixes overlap when one contains the other ({@code ""} overlaps everything). */
    public boolean overlaps(String prefix) {
        return keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
    }
}
