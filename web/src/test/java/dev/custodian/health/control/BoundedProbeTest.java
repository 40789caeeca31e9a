package dev.custodian.health.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedProbeTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicLong clock = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    private static long in(Duration wait) {
        return System.nanoTime() + wait.toNanos();
    }

    @Test
    void aHungCheckReadsDownAtTheDeadlineAndIsNeverStartedTwice() {
        AtomicInteger started = new AtomicInteger();
        BoundedProbe probe = new BoundedProbe(() -> {
            started.incrementAndGet();
            release.await();
        }, executor, Duration.ofSeconds(3), clock::get);

        long before = System.nanoTime();
        BoundedProbe.Result first = BoundedProbe.await(probe.start(), in(Duration.ofMillis(200)));
        BoundedProbe.Result second = BoundedProbe.await(probe.start(), in(Duration.ofMillis(200)));

        assertThat(first.up()).isFalse();
        assertThat(first.detail()).isEqualTo("down: no answer in time");
        assertThat(second.up()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        assertThat(started).as("the hung run is waited on again, not started anew").hasValue(1);
    }

    @Test
    void aFreshResultIsReusedAndAStaleOneRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        BoundedProbe probe = new BoundedProbe(runs::incrementAndGet, executor, Duration.ofSeconds(3), clock::get);

        assertThat(BoundedProbe.await(probe.start(), in(Duration.ofSeconds(2))).up()).isTrue();
        awaitRuns(runs, 1);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(BoundedProbe.await(probe.start(), in(Duration.ofSeconds(2))).up()).isTrue();
        assertThat(runs).as("still fresh").hasValue(1);

        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        BoundedProbe.await(probe.start(), in(Duration.ofSeconds(2)));
        assertThat(runs).as("stale: checked again").hasValue(2);
    }

    @Test
    void aFailingCheckSaysWhy() {
        BoundedProbe probe = new BoundedProbe(() -> {
            throw new IllegalStateException("bucket b cannot be reached");
        }, executor, Duration.ofSeconds(3), clock::get);

        BoundedProbe.Result result = BoundedProbe.await(probe.start(), in(Duration.ofSeconds(2)));
        assertThat(result.up()).isFalse();
        assertThat(result.detail()).isEqualTo("down: bucket b cannot be reached");
    }

    /** The result is recorded just after the future completes. */
    private static void awaitRuns(AtomicInteger runs, int expected) {
        long deadline = in(Duration.ofSeconds(2));
        while (runs.get() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
