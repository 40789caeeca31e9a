package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.KeyOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * What happens to a key the store did not delete. A slow-down (SlowDown, 429) is no attempt and no
 * wait: the key is due again at once, and the {@link dev.custodian.objectstore.control.StoreCallLimit}
 * sets the pace, having halved the calls in flight. An outage of the store (time-outs, refused
 * connections, 5xx) is waited out and never counts as an attempt: the wait grows with
 * how long the key has been failing. A refusal of the key itself (AccessDenied, InvalidKey…) is an
 * attempt, with a wait doubling per attempt; the last one ends the key in {@code delete_failed}.
 * Either way a key that has been failing for {@code giveUpAfter} gives up. Every wait is capped
 * and jittered (75–100 %), so the keys of one outage do not all come back in the same instant.
 */
public final class RetryPolicy {

    /** The next step for one failed key. {@code nextAttemptAt} is null when it gives up. */
    public record Decision(boolean givesUp, boolean countsAsAttempt, Instant nextAttemptAt) {
    }

    private final int maxAttempts;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final Duration giveUpAfter;
    private final DoubleSupplier random;

    /** @param random numbers in [0, 1) for the jitter */
    public RetryPolicy(int maxAttempts, Duration backoffBase, Duration backoffMax, Duration giveUpAfter,
                       DoubleSupplier random) {
        this.maxAttempts = maxAttempts;
        this.backoffBase = backoffBase;
        this.backoffMax = backoffMax;
        this.giveUpAfter = giveUpAfter;
        this.random = random;
    }

    public Decision decide(KeyOutcome failure, Instant now) {
        Instant failingSince = failure.due().failingSince() == null ? now : failure.due().failingSince();
        boolean tooOld = !failingSince.plus(giveUpAfter).isAfter(now);
        if (failure.throttled()) {
            return tooOld ? new Decision(true, false, null) : new Decision(false, false, now);
        }
        if (failure.transientFailure()) {
            return tooOld ? new Decision(true, false, null)
                    : new Decision(false, false, now.plus(jittered(Duration.between(failingSince, now))));
        }
        int attempts = failure.due().attempts() + 1;
        if (tooOld || attempts >= maxAttempts) {
            return new Decision(true, true, null);
        }
        return new Decision(false, true, now.plus(jittered(backoffBase.multipliedBy(1L << Math.min(attempts - 1, 30)))));
    }

    private Duration jittered(Duration wait) {
        Duration bounded = wait.compareTo(backoffBase) < 0 ? backoffBase
                : wait.compareTo(backoffMax) > 0 || wait.isNegative() ? backoffMax : wait;
        return Duration.ofNanos((long) (bounded.toNanos() * (0.75 + 0.25 * random.getAsDouble())));
    }
}
