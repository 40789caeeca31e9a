package dev.custodian.objectstore.control;

import java.util.logging.Logger;

/**
 * How many of the deletion pipeline's store calls (its DeleteObjects batches and its listings) one
 * instance may have in flight, adapted to the store's "slow down" as TCP adapts its congestion
 * window (additive increase, multiplicative decrease): a call the store throttled halves the limit
 * (never below 1), and each {@code window} calls answered without one add one slot back (never
 * above the ceiling). S3 and R2 throttle large deletions per prefix; fewer calls at once is what
 * they ask for, whereas retrying each throttled call at the old pace keeps the overload going.
 *
 * <p>A call's answer speaks for the limit it was sent under: throttles of calls sent before the
 * last decrease do not halve again (one burst of overload halves once, as TCP reacts once per
 * window of losses), and their successes do not count towards growth.
 *
 * <p>Shared by every drain loop of an instance; safe for concurrent use. Calls that end with
 * neither kind of answer (an outage, nothing to do) leave the limit as it is.
 */
public final class StoreCallLimit {

    private static final Logger LOG = Logger.getLogger(StoreCallLimit.class.getName());

    private final int ceiling;
    private final int window;
    private int limit;
    private int inFlight;
    private int answeredInWindow;
    /** How many times the limit was halved: the epoch a permit was taken in. */
    private long decreases;
    private long slowDowns;

    /**
     * @param ceiling the limit it starts at and never exceeds
     * @param window  calls answered without a slow-down, at one limit, before it grows by one
     */
    public StoreCallLimit(int ceiling, int window) {
        if (ceiling < 1 || window < 1) {
            throw new IllegalArgumentException("ceiling and window must be at least 1, are " + ceiling + ", " + window);
        }
        this.ceiling = ceiling;
        this.window = window;
        this.limit = ceiling;
    }

    /** Waits until fewer calls than the limit are in flight and takes a slot; close the permit when the call ended. */
    public synchronized Permit acquire() throws InterruptedException {
        while (inFlight >= limit) {
            wait();
        }
        inFlight++;
        return new Permit(decreases);
    }

    private synchronized void release(Permit permit) {
        inFlight--;
        boolean current = permit.epoch == decreases;
        int before = limit;
        if (permit.throttled) {
            slowDowns++;
            if (current) {
                limit = Math.max(1, limit / 2);
                decreases++;
                answeredInWindow = 0;
                LOG.info(() -> "the store asks to slow down: at most " + limit + " deletion calls in flight, was "
                        + before);
            }
        } else if (permit.answered && current && ++answeredInWindow >= window) {
            answeredInWindow = 0;
            limit = Math.min(ceiling, limit + 1);
            if (limit == ceiling && before < ceiling) {
                LOG.info(() -> "the store keeps up again: " + ceiling + " deletion calls in flight");
            }
        }
        notifyAll();
    }

    /** How many calls may be in flight now. */
    public synchronized int limit() {
        return limit;
    }

    public int ceiling() {
        return ceiling;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Calls the store throttled since start-up, whether or not they halved the limit. */
    public synchronized long slowDowns() {
        return slowDowns;
    }

    /** One call's slot. Say how the store answered, then close it; closed unsaid, the limit stays. */
    public final class Permit implements AutoCloseable {

        private final long epoch;
        private boolean answered;
        private boolean throttled;
        private boolean closed;

        private Permit(long epoch) {
            this.epoch = epoch;
        }

        /** The store answered without asking to slow down (refusals of single keys included). */
        public void answered() {
            answered = true;
        }

        /** The store asked to slow down (503 SlowDown, 429…); outweighs any answer of the same permit. */
        public void throttled() {
            throttled = true;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(this);
            }
        }
    }
}
