package dev.custodian.ratelimit.entity;

import java.time.Duration;

/**
 * A sliding minute estimated from two clock minutes (as Cloudflare counts): the previous
 * minute's calls weighted by the share of it still inside the last 60 seconds, plus this
 * minute's. Two counters per caller and operation, no log of calls, and no burst of twice the
 * budget across a minute's edge as a fixed window allows.
 *
 * @param perMinute the budget, at least 1
 * @param previous  calls accepted in the previous clock minute
 * @param current   calls accepted in this clock minute so far
 * @param elapsed   how far into this clock minute the call comes, 0 to under a minute
 */
public record SlidingWindow(int perMinute, long previous, long current, Duration elapsed) {

    public static final Duration MINUTE = Duration.ofMinutes(1);

    public SlidingWindow {
        if (perMinute < 1 || previous < 0 || current < 0 || elapsed.isNegative() || elapsed.compareTo(MINUTE) >= 0) {
            throw new IllegalArgumentException("not a window: " + perMinute + "/min, " + previous + " then " + current
                    + " calls, " + elapsed + " in");
        }
    }

    /** Whether one more call stays within the budget. */
    public boolean allows() {
        return previous * remainingShare(elapsed) + current + 1 <= perMinute;
    }

    /**
     * How long until a call would be allowed, if no other is accepted meanwhile; whole seconds, at
     * least one. Zero when a call is allowed now.
     */
    public Duration retryAfter() {
        if (allows()) {
            return Duration.ZERO;
        }
        double wait;
        if (current + 1 > perMinute) {
            // this minute alone is over: wait for the next, until this one's weight has shrunk enough
            double share = 1 - (perMinute - 1) / (double) current;
            wait = seconds(MINUTE.minus(elapsed)) + share * 60;
        } else {
            double share = 1 - (perMinute - 1 - current) / (double) previous;
            wait = share * 60 - seconds(elapsed);
        }
        return Duration.ofSeconds(Math.max(1, (long) Math.ceil(wait)));
    }

    private static double remainingShare(Duration elapsed) {
        return 1 - seconds(elapsed) / 60;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
