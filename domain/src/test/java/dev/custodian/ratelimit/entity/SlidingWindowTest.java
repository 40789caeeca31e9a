package dev.custodian.ratelimit.entity;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingWindowTest {

    @Test
    void theBudgetIsSpentWithinAMinuteAndThePreviousMinuteWeighsByItsShareStillInside() {
        assertThat(new SlidingWindow(30, 0, 29, Duration.ofSeconds(10)).allows()).isTrue();
        assertThat(new SlidingWindow(30, 0, 30, Duration.ofSeconds(10)).allows()).isFalse();
        // 30 calls last minute, 45 s into this one: a quarter of them still count
        assertThat(new SlidingWindow(30, 30, 21, Duration.ofSeconds(45)).allows()).isTrue();
        assertThat(new SlidingWindow(30, 30, 22, Duration.ofSeconds(45)).allows()).isFalse();
    }

    @Test
    void retryAfterNamesTheSecondTheNextCallFits() {
        // 30 last minute, 10 now, 15 s in: 30 * (1 - f) + 11 <= 30 from f = 11/30, i.e. 22 s
        assertThat(new SlidingWindow(30, 30, 10, Duration.ofSeconds(15)).retryAfter()).isEqualTo(Duration.ofSeconds(7));
        // this minute full at 20 s: 40 s to its end, then until 30 * (1 - g) + 1 <= 30, g = 1/30 (2 s)
        assertThat(new SlidingWindow(30, 0, 30, Duration.ofSeconds(20)).retryAfter()).isEqualTo(Duration.ofSeconds(42));
        assertThat(new SlidingWindow(30, 0, 0, Duration.ZERO).retryAfter()).isZero();
    }

    @Test
    void aWindowThatCannotBeIsRefused() {
        assertThatThrownBy(() -> new SlidingWindow(0, 0, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingWindow(1, 0, 0, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A client calling whenever it likes, accepted as the window decides: no clock minute holds
     * more than the budget, no sliding 60 seconds more than twice it, and a refused client told
     * to wait is let in once it has.
     */
    @Property(tries = 300)
    void noMinuteHoldsMoreThanTheBudget(@ForAll @IntRange(min = 1, max = 50) int perMinute,
                                        @ForAll @Size(min = 1, max = 400) List<@LongRange(min = 0, max = 3000) Long> gapsMillis) {
        List<Long> accepted = new ArrayList<>();
        long now = 0;
        for (long gap : gapsMillis) {
            now += gap;
            SlidingWindow window = windowAt(perMinute, accepted, now);
            if (window.allows()) {
                accepted.add(now);
            } else {
                long wait = window.retryAfter().toMillis();
                assertThat(windowAt(perMinute, accepted, now + wait).allows()).as("allowed after the wait").isTrue();
            }
        }
        for (long at : accepted) {
            long minute = at / 60_000;
            assertThat(accepted.stream().filter(t -> t / 60_000 == minute).count()).isLessThanOrEqualTo(perMinute);
            assertThat(accepted.stream().filter(t -> t >= at && t < at + 60_000).count())
                    .isLessThanOrEqualTo(2L * perMinute);
        }
    }

    private static SlidingWindow windowAt(int perMinute, List<Long> accepted, long now) {
        long minute = now / 60_000;
        long previous = accepted.stream().filter(t -> t / 60_000 == minute - 1).count();
        long current = accepted.stream().filter(t -> t / 60_000 == minute).count();
        return new SlidingWindow(perMinute, previous, current, Duration.ofMillis(now % 60_000));
    }
}
