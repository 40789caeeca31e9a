package dev.custodian.webhook.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: {@code base} after the first attempt, doubling after each
 * one, capped at {@code max}, and jittered to 75–100 % so that the deliveries of one outage do not
 * all come back in the same instant. After {@code maxAttempts} attempts it gives up.
 *
 * @param random numbers in [0, 1) for the jitter
 */
public record WebhookBackoff(int maxAttempts, Duration base, Duration max, DoubleSupplier random) {

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
