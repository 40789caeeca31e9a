package dev.custodian.webhook.boundary;

import dev.custodian.scheduling.OneRunAtATime;
import dev.custodian.webhook.control.WebhookDispatcher;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Delivers the webhook outbox until nothing is due. A timer starts it every few seconds and every
 * commit that queued an event pokes it, so a delivery leaves at once and a missed poke costs at
 * most one tick. One run at a time per instance; other instances run alongside safely, since each
 * claim is a row lease in PostgreSQL, which is also where what is due survives a restart.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookWorker {

    private static final Logger LOG = Logger.getLogger(WebhookWorker.class.getName());
    /** A run yields after this long, so timer ticks never pile up behind one long backlog. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(50);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final OneRunAtATime runs = new OneRunAtATime("webhook worker", LOG);
    private volatile Instant prunedAt = Instant.EPOCH;

    @Inject
    WebhookDispatcher dispatcher;

    @Schedule(hour = "*", minute = "*", second = "*/3", persistent = false, info = "webhook-worker")
    public void tick() {
        run();
    }

    /** Starts a run now (in the background) unless one is going on. */
    @Asynchronous
    public void poke() {
        run();
    }

    private void run() {
        runs.run(() -> {
            Instant deadline = Instant.now().plus(RUN_BUDGET);
            int posted;
            do {
                posted = dispatcher.deliverDue();
            } while (posted > 0 && Instant.now().isBefore(deadline));
            if (prunedAt.plus(PRUNE_EVERY).isBefore(Instant.now())) {
                dispatcher.prune();
                prunedAt = Instant.now();
            }
        });
    }
}
