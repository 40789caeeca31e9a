package dev.custodian.objectstore.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreCallLimitTest {

    private static void answered(StoreCallLimit limit, int calls) throws InterruptedException {
        for (int i = 0; i < calls; i++) {
            try (var permit = limit.acquire()) {
                permit.answered();
            }
        }
    }

    private static void throttled(StoreCallLimit limit) throws InterruptedException {
        try (var permit = limit.acquire()) {
            permit.throttled();
        }
    }

    @Test
    void startsAtTheCeilingAndASlowDownHalvesIt() throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(8, 3);
        assertThat(limit.limit()).isEqualTo(8);

        throttled(limit);
        assertThat(limit.limit()).isEqualTo(4);
        throttled(limit);
        assertThat(limit.limit()).isEqualTo(2);
        assertThat(limit.slowDowns()).isEqualTo(2);
    }

    @Test
    void neverFallsBelowOne() throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(3, 3);
        for (int i = 0; i < 5; i++) {
            throttled(limit);
        }
        assertThat(limit.limit()).isEqualTo(1);
        assertThat(limit.slowDowns()).isEqualTo(5);
    }

    @Test
    void eachWindowOfAnsweredCallsAddsOneSlotUpToTheCeiling() throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(4, 3);
        throttled(limit);
        throttled(limit);
        assertThat(limit.limit()).isEqualTo(1);

        answered(limit, 2);
        assertThat(limit.limit()).as("a window not yet full").isEqualTo(1);
        answered(limit, 1);
        assertThat(limit.limit()).isEqualTo(2);
        answered(limit, 3);
        assertThat(limit.limit()).isEqualTo(3);
        answered(limit, 30);
        assertThat(limit.limit()).as("the ceiling").isEqualTo(4);
    }

    @Test
    void aSlowDownStartsTheWindowAfresh() throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(4, 3);
        answered(limit, 2);
        throttled(limit);
        answered(limit, 2);
        assertThat(limit.limit()).as("two answers since the halving, not four").isEqualTo(2);
        answered(limit, 1);
        assertThat(limit.limit()).isEqualTo(3);
    }

    @Test
    void callsSentUnderTheOldLimitHalveItOnlyOnceAndDoNotGrowIt() throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(8, 1);
        var first = limit.acquire();
        var second = limit.acquire();
        var third = limit.acquire();
        first.throttled();
        first.close();
        second.throttled();
        second.close();
        assertThat(limit.limit()).as("one burst, one halving").isEqualTo(4);
        third.answered();
        third.close();
        assertThat(limit.limit()).as("an answer to a call sent under the old limit").isEqualTo(4);
        assertThat(limit.slowDowns()).isEqualTo(2);
    }

    @Test
    void aCallWithoutAnAnswerLeavesTheLimitAlone() throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(4, 1);
        throttled(limit);
        limit.acquire().close();
        assertThat(limit.limit()).isEqualTo(2);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void aCallerWaitsWhileTheLimitIsInFlightAndGoesOnWhenASlotFrees() throws Exception {
        StoreCallLimit limit = new StoreCallLimit(2, 10);
        throttled(limit);
        var held = limit.acquire();
        CompletableFuture<StoreCallLimit.Permit> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return limit.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> waiting.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        held.close();
        waiting.get(5, TimeUnit.SECONDS).close();
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void closingTwiceFreesOneSlot() throws InterruptedException {
        StoreCallLimit limit = new StoreCallLimit(2, 10);
        var other = limit.acquire();
        var permit = limit.acquire();
        permit.close();
        permit.close();
        assertThat(limit.inFlight()).isEqualTo(1);
        other.close();
    }

    @Test
    void refusesAZeroCeilingOrWindow() {
        assertThatThrownBy(() -> new StoreCallLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoreCallLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
