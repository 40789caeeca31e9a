package dev.custodian.blackbox;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling until something the service does shows, as a client would. */
final class Await {

    private Await() {
    }

    /** Asks {@code probe} every 100 ms until {@code done} holds for its answer; fails after {@code limit}. */
    static <T> T until(String what, Supplier<T> probe, Predicate<T> done, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            Deletions.sleep(100);
        }
        throw new AssertionError(what + ": not within " + limit + ", last " + last);
    }
}
