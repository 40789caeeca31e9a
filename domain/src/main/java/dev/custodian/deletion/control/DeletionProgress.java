package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.KeyError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deletion's counts as the API shows them. Counting walks every row of the deletion, so on a
 * deletion of a million keys each count is real work: callers that poll share one count per
 * deletion for {@link #FRESH}, as long as the deletion keeps its state. A change of state (started,
 * finished, reopened) always counts afresh, so a finished deletion never shows running numbers.
 */
@ApplicationScoped
public class DeletionProgress {

    static final Duration FRESH = Duration.ofSeconds(1);
    /** More deletions than this polled within {@link #FRESH} of each other only cost extra counts. */
    private static final int KEPT = 10_000;

    private final Map<UUID, Reading> readings = new ConcurrentHashMap<>();

    @Inject
    DeletionLedger ledger;

    Clock clock = Clock.systemUTC();

    public DeletionCounts counts(DeletionRequest request) {
        Instant now = clock.instant();
        Reading last = readings.get(request.id());
        if (last != null && last.isFor(request) && now.isBefore(last.at().plus(FRESH))) {
            return last.counts();
        }
        DeletionCounts counts = ledger.counts(request.id());
        if (readings.size() >= KEPT) {
            readings.values().removeIf(reading -> !now.isBefore(reading.at().plus(FRESH)));
        }
        readings.put(request.id(), new Reading(counts, request.state().wireName(), request.finishedAt(), now));
        return counts;
    }

    /** The last errors of the deletion's failed keys; these come from a small index and are never stale. */
    public List<KeyError> errors(UUID deletionId, int limit) {
        return ledger.errors(deletionId, limit);
    }

    private record Reading(DeletionCounts counts, String state, Instant finishedAt, Instant at) {

        boolean isFor(DeletionRequest request) {
            return state.equals(request.state().wireName()) && Objects.equals(finishedAt, request.finishedAt());
        }
    }
}
