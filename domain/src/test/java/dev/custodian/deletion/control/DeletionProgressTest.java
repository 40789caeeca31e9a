package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeletionProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** Stands in for the ledger's count: each call counts one more deleted row than the last. */
    private final CountingLedger ledger = new CountingLedger();
    private final DeletionProgress progress = new DeletionProgress();
    private final DeletionRequest request = DeletionRequest.queued(DeletionScope.project("p1", null), "test",
            "app", false, T0);

    /** Background refreshes wait here until the test runs them. */
    private final List<Runnable> refreshes = new ArrayList<>();

    @BeforeEach
    void wire() {
        progress.reads = ledger;
        progress.refresher = refreshes::add;
        at(T0);
    }

    @Test
    void pollsWithinTheFreshPeriodShareOneCount() {
        DeletionCounts first = progress.counts(request);
        at(T0.plus(DeletionProgress.FRESH).minusMillis(1));
        assertThat(progress.counts(request)).isEqualTo(first);
        assertThat(ledger.calls).isEqualTo(1);
    }

    @Test
    void anOlderCountIsTheAnswerWhileOneFreshCountIsTakenInTheBackground() {
        progress.counts(request);
        at(T0.plus(DeletionProgress.FRESH));
        assertThat(progress.counts(request).deleted()).as("no poll waits for a count").isEqualTo(1);
        assertThat(progress.counts(request).deleted()).isEqualTo(1);
        assertThat(refreshes).as("one refresh at a time").hasSize(1);
        assertThat(ledger.calls).isEqualTo(1);

        refreshes.remove(0).run();
        assertThat(ledger.calls).isEqualTo(2);
        assertThat(progress.counts(request).deleted()).as("the refreshed count").isEqualTo(2);
        at(T0.plus(DeletionProgress.FRESH.multipliedBy(3)));
        progress.counts(request);
        assertThat(refreshes).as("the next refresh, once that count is old").hasSize(1);
    }

    @Test
    void aCountThatTookLongIsSharedTenTimesAsLong() {
        ledger.taking = Duration.ofSeconds(3);
        progress.counts(request);
        Instant counted = T0.plusSeconds(3);
        at(counted.plusSeconds(29));
        progress.counts(request);
        assertThat(refreshes).as("a 3-second count is fresh for 30 seconds").isEmpty();
        at(counted.plusSeconds(30));
        progress.counts(request);
        assertThat(refreshes).hasSize(1);
    }

    @Test
    void aRefusedRefreshCountsBeforeAnswering() {
        progress.counts(request);
        progress.refresher = task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        };
        at(T0.plus(DeletionProgress.FRESH));
        assertThat(progress.counts(request).deleted()).isEqualTo(2);
    }

    @Test
    void aDeletionThatFinishedMeanwhileIsCountedAfresh() {
        progress.counts(request);
        request.finish(List.of(), false, false, T0);
        assertThat(progress.counts(request).deleted()).isEqualTo(2);
        assertThat(ledger.calls).isEqualTo(2);
    }

    @Test
    void eachDeletionHasItsOwnCount() {
        DeletionRequest other = DeletionRequest.queued(DeletionScope.project("p2", null), "test", "app", false, T0);
        progress.counts(request);
        progress.counts(other);
        assertThat(ledger.counted).containsExactly(request.id(), other.id());
    }

    private void at(Instant instant) {
        progress.clock = Clock.fixed(instant, ZoneOffset.UTC);
    }

    private final class CountingLedger extends DeletionReads {
        int calls;
        final List<UUID> counted = new ArrayList<>();
        /** How long a count takes on the test's clock. */
        Duration taking = Duration.ZERO;

        @Override
        public DeletionCounts counts(UUID deletionId) {
            calls++;
            counted.add(deletionId);
            at(progress.clock.instant().plus(taking));
            return new DeletionCounts(10, calls, 0, 0, calls * 1024L);
        }
    }
}
