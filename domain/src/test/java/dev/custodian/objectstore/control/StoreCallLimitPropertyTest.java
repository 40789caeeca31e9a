package dev.custodian.objectstore.control;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The limit under any interleaving of calls taken and answered, as the drain loops make them. */
class StoreCallLimitPropertyTest {

    /** Take a slot (when one is free), or end the open call at this index (modulo) with this answer. */
    enum Answer { TAKE, ANSWERED, THROTTLED, NONE }

    record Step(Answer answer, int which) {
    }

    @Provide
    Arbitrary<List<Step>> scripts() {
        return Arbitraries.integers().between(0, 63)
                .flatMap(which -> Arbitraries.of(Answer.class).map(answer -> new Step(answer, which)))
                .list().ofMaxSize(200);
    }

    @Property(tries = 500)
    void theLimitStaysWithinItsBoundsMovesOnlyByOneUpOrByHalfDownAndCountsEverySlowDown(
            @ForAll("scripts") List<Step> script, @ForAll @IntRange(min = 1, max = 16) int ceiling,
            @ForAll @IntRange(min = 1, max = 5) int window) throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(ceiling, window);
        List<StoreCallLimit.Permit> open = new ArrayList<>();
        long throttled = 0;
        for (Step step : script) {
            int before = limit.limit();
            if (step.answer() == Answer.TAKE) {
                if (open.size() < before) { // a full limit would block: the drain loop waits there
                    open.add(limit.acquire());
                }
                continue;
            }
            if (open.isEmpty()) {
                continue;
            }
            StoreCallLimit.Permit permit = open.remove(step.which() % open.size());
            switch (step.answer()) {
                case ANSWERED -> permit.answered();
                case THROTTLED -> {
                    permit.throttled();
                    throttled++;
                }
                default -> { }
            }
            permit.close();
            int after = limit.limit();
            assertThat(after).isBetween(1, ceiling);
            switch (step.answer()) {
                case ANSWERED -> assertThat(after).isIn(before, Math.min(ceiling, before + 1));
                case THROTTLED -> assertThat(after).isIn(before, Math.max(1, before / 2));
                default -> assertThat(after).isEqualTo(before);
            }
            assertThat(limit.inFlight()).isEqualTo(open.size());
        }
        assertThat(limit.slowDowns()).isEqualTo(throttled);
    }

    @Property(tries = 300)
    void whateverHappenedCeilingTimesWindowAnsweredCallsBringItBackToTheCeiling(
            @ForAll("scripts") List<Step> script, @ForAll @IntRange(min = 1, max = 16) int ceiling,
            @ForAll @IntRange(min = 1, max = 5) int window) throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(ceiling, window);
        List<StoreCallLimit.Permit> open = new ArrayList<>();
        for (Step step : script) {
            if (step.answer() == Answer.TAKE && open.size() < limit.limit()) {
                open.add(limit.acquire());
            } else if (step.answer() == Answer.THROTTLED && !open.isEmpty()) {
                StoreCallLimit.Permit permit = open.remove(step.which() % open.size());
                permit.throttled();
                permit.close();
            }
        }
        open.forEach(StoreCallLimit.Permit::close);

        for (int i = 0; i < ceiling * window; i++) {
            try (var permit = limit.acquire()) {
                permit.answered();
            }
        }
        assertThat(limit.limit()).isEqualTo(ceiling);
        assertThat(limit.inFlight()).isZero();
    }
}
