package dev.custodian.monitoring.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pipeline as the ledger shows it at {@code at}.
 *
 * @param keysDue          keys waiting for the drain now (state deleting, due)
 * @param oldestDue        how long the oldest due key has waited; zero when none is due
 * @param keysFailed       keys in {@code delete_failed}
 * @param keysHeld         keys Object Lock holds ({@code held}): kept lawfully, tried again later, no alert
 * @param deletionsByState deletion requests by state
 * @param stuckDeletions   open deletions none of whose keys changed for the stuck-after time
 * @param lastMaintenance  the last completed maintenance run, null while none has completed
 * @param lastSucceeded    when each scheduled task last succeeded, for those that ever did
 */
public record LedgerFigures(Instant at, long keysDue, Duration oldestDue, long keysFailed, long keysHeld,
                            Map<String, Long> deletionsByState, List<UUID> stuckDeletions,
                            LastMaintenance lastMaintenance, Map<String, Instant> lastSucceeded) {

    /** What the last completed maintenance run found. */
    public record LastMaintenance(UUID id, Instant finishedAt, long orphanedFiles, long orphanedRecords) {
    }

    /** Orphaned files the last completed maintenance run found; -1 while none has completed. */
    public long lastOrphanedFiles() {
        return lastMaintenance == null ? -1 : lastMaintenance.orphanedFiles();
    }

    /** Orphaned records the last completed maintenance run found; -1 while none has completed. */
    public long lastOrphanedRecords() {
        return lastMaintenance == null ? -1 : lastMaintenance.orphanedRecords();
    }

    /** The alert: a deletion that stopped moving, or keys that gave up. Empty while all is well. */
    public String degradation(Duration stuckAfter) {
        StringBuilder why = new StringBuilder();
        if (!stuckDeletions.isEmpty()) {
            why.append(stuckDeletions.size()).append(" deletion(s) without progress for ").append(stuckAfter)
                    .append(" (").append(stuckDeletions.get(0)).append(stuckDeletions.size() > 1 ? ", …" : "")
                    .append(")");
        }
        if (keysFailed > 0) {
            why.append(why.isEmpty() ? "" : "; ").append(keysFailed).append(" key(s) in delete_failed");
        }
        return why.toString();
    }
}
