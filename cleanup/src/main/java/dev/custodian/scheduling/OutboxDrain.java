package dev.custodian.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * A run of an outbox's worker (webhook deliveries, mails): sends batches until nothing is due, and
 * prunes settled rows once an hour. One run at a time per instance ({@link OneRunAtATime}); other
 * instances run alongside safely, since each claim is a row lease in PostgreSQL.
 */
public final class OutboxDrain {

    /** A run yields after this long, so timer ticks never pile up behind one long backlog. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(50);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final OneRunAtATime runs;
    private final IntSupplier sendDue;
    private final Runnable prune;
    private volatile Instant prunedAt = Instant.EPOCH;

    /** @param sendDue sends one batch, returns how many it tried */
    public OutboxDrain(String name, Logger log, IntSupplier sendDue, Runnable prune) {
        this.runs = new OneRunAtATime(name, log);
        this.sendDue = sendDue;
        this.prune = prune;
    }

    public void run() {
        runs.run(() -> {
            Instant deadline = Instant.now().plus(RUN_BUDGET);
            int sent;
            do {
                sent = sendDue.getAsInt();
            } while (sent > 0 && Instant.now().isBefore(deadline));
            if (prunedAt.plus(PRUNE_EVERY).isBefore(Instant.now())) {
                prune.run();
                prunedAt = Instant.now();
            }
        });
    }
}
