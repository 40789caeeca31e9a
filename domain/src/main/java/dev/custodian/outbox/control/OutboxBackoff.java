package dev.custodian.outbox.control;

import dev.custodian.configuration.DurationSetting;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: {@code base} after the first attempt, doubling after each
 * one, capped at {@code max}, and jittered to 75–100 % so that the deliveries of one outage do not
 * all come back in the same instant. After {@code maxAttempts} attempts it gives up. Both outboxes
 * (webhook deliveries and mails) retry by it.
 *
 * @param random numbers in [0, 1) for the jitter
 */
public record OutboxBackoff(int maxAttempts, Duration base, Duration max, DoubleSupplier random) {

    /**
     * The backoff of an outbox's settings {@code <prefix>.max-attempts}, {@code .backoff-base} and
     * {@code .backoff-max}; a bad value stops start-up with its key in the message.
     */
    public static OutboxBackoff configured(String prefix, int maxAttempts, String baseText, String maxText) {
        if (maxAttempts < 1) {
            throw new IllegalStateException(prefix + ".max-attempts must be at least 1, is " + maxAttempts);
        }
        return new OutboxBackoff(maxAttempts, DurationSetting.positive(prefix + ".backoff-base", baseText),
                DurationSetting.positive(prefix + ".backoff-max", maxText), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The next attempt after {@code attempts} failed ones; empty when the delivery gives up. */
    public Optional<Instant> next(int attempts, Instant now) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = attempts > 30 ? max : base.multipliedBy(1L << Math.max(0, attempts - 1));
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        return Optional.of(now.plusNanos((long) (wait.toNanos() * (0.75 + 0.25 * random.getAsDouble()))));
    }
}
