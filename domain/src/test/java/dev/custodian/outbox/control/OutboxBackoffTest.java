package dev.custodian.outbox.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxBackoffTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    /** The high end of the jitter (100 % of each wait), so the waits can be checked exactly. */
    private final OutboxBackoff backoff = new OutboxBackoff(10, Duration.ofSeconds(5), Duration.ofMinutes(10),
            () -> 1.0);

    @Test
    void theWaitDoublesFromTheBaseAfterEachAttemptUpToTheMaximum() {
        assertThat(backoff.next(1, NOW)).contains(NOW.plusSeconds(5));
        assertThat(backoff.next(2, NOW)).contains(NOW.plusSeconds(10));
        assertThat(backoff.next(5, NOW)).contains(NOW.plusSeconds(80));
        assertThat(backoff.next(8, NOW)).as("640 s, capped").contains(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aHugeAttemptCountStaysAtTheMaximumInsteadOfOverflowing() {
        OutboxBackoff patient = new OutboxBackoff(1000, Duration.ofSeconds(5), Duration.ofMinutes(10), () -> 1.0);
        assertThat(patient.next(64, NOW)).contains(NOW.plus(Duration.ofMinutes(10)));
        assertThat(patient.next(999, NOW)).contains(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void jitterShortensAWaitByAQuarterAtMost() {
        OutboxBackoff low = new OutboxBackoff(10, Duration.ofSeconds(4), Duration.ofMinutes(10), () -> 0.0);
        assertThat(low.next(1, NOW)).contains(NOW.plusSeconds(3));
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        assertThat(backoff.next(9, NOW)).isPresent();
        assertThat(backoff.next(10, NOW)).isEmpty();
    }
}
