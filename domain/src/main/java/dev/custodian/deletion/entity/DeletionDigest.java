package dev.custodian.deletion.entity;

import java.time.Instant;
import java.util.Map;

/**
 * The deletions that finished in {@code [from, to)}: how many in each final state, and what their
 * keys came to, purged rows included.
 *
 * @param byState deletions by their state's wire name, only states that occur
 */
public record DeletionDigest(Instant from, Instant to, Map<String, Long> byState, long keysDeleted, long bytesReclaimed,
                             long keysFailed, long keysHeld) {

    public long deletions() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }
}
