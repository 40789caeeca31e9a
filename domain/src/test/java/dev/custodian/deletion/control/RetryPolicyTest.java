package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    /** No jitter (the low end: 75 % of each wait) so the waits can be checked exactly. */
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(10),
            Duration.ofHours(24), () -> 0.0);

    private static KeyOutcome failed(int attempts, Instant failingSince, boolean transientFailure) {
        return KeyOutcome.unanswered(new DueKey(UUID.randomUUID(), "k", UUID.randomUUID(), attempts, failingSince, 1),
                "X", "x", transientFailure, false);
    }

    @Test
    void anOutageNeverUsesUpAttemptsHoweverOftenItRepeats() {
        var decision = policy.decide(failed(2, NOW.minus(Duration.ofHours(23)), true), NOW);
        assertThat(decision.givesUp()).isFalse();
        assertThat(decision.countsAsAttempt()).isFalse();
    }

    @Test
    void aSlowDownIsNoAttemptAndDueAgainAtOnceHoweverLongTheKeyHasBeenFailing() {
        var throttled = KeyOutcome.unanswered(new DueKey(UUID.randomUUID(), "k", UUID.randomUUID(), 2,
                NOW.minus(Duration.ofHours(3)), 1), "SlowDown", "Please reduce your request rate.", true, true);

        var decision = policy.decide(throttled, NOW);

        assertThat(decision.countsAsAttempt()).isFalse();
        assertThat(decision.givesUp()).isFalse();
        assertThat(decision.nextAttemptAt()).as("the store call limit sets the pace, not a backoff").isEqualTo(NOW);
    }

    @Test
    void aKeySlowedDownForTheGiveUpAgeEnds() {
        var throttled = KeyOutcome.unanswered(new DueKey(UUID.randomUUID(), "k", UUID.randomUUID(), 0,
                NOW.minus(Duration.ofHours(24)), 1), "SlowDown", "Please reduce your request rate.", true, true);

        assertThat(policy.decide(throttled, NOW).givesUp()).isTrue();
    }

    @Test
    void anOutageWaitGrowsWithHowLongTheKeyHasBeenFailingAndIsCapped() {
        assertThat(policy.decide(failed(0, null, true), NOW).nextAttemptAt())
                .as("first failure: the base wait").isEqualTo(NOW.plusMillis(1500));
        assertThat(policy.decide(failed(0, NOW.minusSeconds(40), true), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(30));
        assertThat(policy.decide(failed(0, NOW.minus(Duration.ofHours(3)), true), NOW).nextAttemptAt())
                .as("capped at the maximum").isEqualTo(NOW.plus(Duration.ofMinutes(10).multipliedBy(3).dividedBy(4)));
    }

    @Test
    void aRefusalCountsAndDoublesItsWaitUntilTheLastAttempt() {
        var first = policy.decide(failed(0, null, false), NOW);
        assertThat(first.countsAsAttempt()).isTrue();
        assertThat(first.nextAttemptAt()).isEqualTo(NOW.plusMillis(1500));
        assertThat(policy.decide(failed(1, NOW, false), NOW).nextAttemptAt()).isEqualTo(NOW.plusSeconds(3));
        var last = policy.decide(failed(2, NOW, false), NOW);
        assertThat(last.givesUp()).isTrue();
        assertThat(last.nextAttemptAt()).isNull();
    }

    @Test
    void anyKeyFailingForTheGiveUpAgeEndsWhateverTheCause() {
        Instant dayAgo = NOW.minus(Duration.ofHours(24));
        assertThat(policy.decide(failed(0, dayAgo, true), NOW).givesUp()).isTrue();
        assertThat(policy.decide(failed(0, dayAgo, false), NOW).givesUp()).isTrue();
    }

    @Test
    void jitterSpreadsTheWaitsBelowTheirNominalLength() {
        var spread = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofHours(24), () -> 0.999);
        Instant next = spread.decide(failed(0, NOW.minusSeconds(40), true), NOW).nextAttemptAt();
        assertThat(next).isAfter(NOW.plusSeconds(39)).isBefore(NOW.plusSeconds(40));
    }
}
