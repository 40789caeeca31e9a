package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.KeyError;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A deletion's counts as the API shows them. Counting sums the deletion's tally (a row per ~1,000
 * keys proven deleted) and walks its live rows (in flight, failed, held: as many as a deletion
 * leaves unsettled). Callers that poll share one count per deletion for {@link #FRESH}, or for ten
 * times as long as that count took when that is longer (before the tally a count walked every proof
 * row, about a second at a million keys, and polls kept a core of the database busy);
 * an older count is still the answer while a fresh one is taken in the background (one at a
 * time per deletion), so a poll never waits for a count of a deletion it has seen before in the
 * same state. A change of state (started, finished, reopened) always counts afresh before
 * answering, so a finished deletion never shows running numbers.
 */
@ApplicationScoped
public class DeletionProgress {

    static final Duration FRESH = Duration.ofSeconds(1);
    /** A count is shared for at least this many times as long as it took. */
    static final int SHARED_FOR_COUNTS = 10;
    /** More deletions than this polled within {@link #FRESH} of each other only cost extra counts. */
    private static final int KEPT = 10_000;

    private final Map<UUID, Reading> readings = new ConcurrentHashMap<>();
    private final Set<UUID> refreshing = ConcurrentHashMap.newKeySet();

    @Inject
    DeletionReads reads;

    @Resource
    ManagedThreadFactory threads;

    /** Two threads of our own: the platform's default executor also runs the batch jobs. */
    Executor refresher;

    Clock clock = Clock.systemUTC();

    @PostConstruct
    void open() {
        refresher = Executors.newFixedThreadPool(2, threads);
    }

    @PreDestroy
    void close() {
        if (refresher instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
    }

    public DeletionCounts counts(DeletionRequest request) {
        Reading last = readings.get(request.id());
        if (last == null || !last.isFor(request)) {
            return count(request);
        }
        if (!clock.instant().isBefore(last.freshUntil()) && refreshing.add(request.id())) {
            try {
                refresher.execute(() -> {
                    try {
                        count(request);
                    } finally {
                        refreshing.remove(request.id());
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.remove(request.id());
                return count(request);
            }
        }
        return readings.getOrDefault(request.id(), last).counts();
    }

    private DeletionCounts count(DeletionRequest request) {
        Instant start = clock.instant();
        DeletionCounts counts = reads.counts(request.id());
        Instant now = clock.instant();
        if (readings.size() >= KEPT) {
            readings.values().removeIf(reading -> !now.isBefore(reading.freshUntil()));
        }
        Duration took = Duration.between(start, now);
        Duration fresh = took.multipliedBy(SHARED_FOR_COUNTS).compareTo(FRESH) > 0 ? took.multipliedBy(SHARED_FOR_COUNTS) : FRESH;
        readings.put(request.id(), new Reading(counts, request.state().wireName(), request.finishedAt(), now.plus(fresh)));
        return counts;
    }

    /** The last errors of the deletion's failed keys; these come from a small index and are never stale. */
    public List<KeyError> errors(UUID deletionId, int limit) {
        return reads.errors(deletionId, limit);
    }

    private record Reading(DeletionCounts counts, String state, Instant finishedAt, Instant freshUntil) {

        boolean isFor(DeletionRequest request) {
            return state.equals(request.state().wireName()) && Objects.equals(finishedAt, request.finishedAt());
        }
    }
}
