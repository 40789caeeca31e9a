package dev.custodian.deletion.boundary;

import dev.custodian.deletion.control.DeletionCompletion;
import dev.custodian.deletion.control.DeletionDrain;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs drain rounds and completion steps until nothing is due. A timer starts it every few
 * seconds and each deletion request pokes it, so work starts at once and a missed poke costs at
 * most one tick. One run at a time per instance; other instances run alongside safely, since
 * every claim is a row lease in PostgreSQL. Nothing is held in memory between runs.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeletionWorker {

    private static final Logger LOG = Logger.getLogger(DeletionWorker.class.getName());
    /** A run yields after this long, so timer ticks never pile up behind one huge deletion. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(50);

    private final AtomicBoolean running = new AtomicBoolean();

    @Inject
    DeletionDrain drain;

    @Inject
    DeletionCompletion completion;

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false, info = "deletion-worker")
    public void tick() {
        run();
    }

    /** Starts a run now (in the background) unless one is going on. */
    @Asynchronous
    public void poke() {
        run();
    }

    private void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant deadline = Instant.now().plus(RUN_BUDGET);
            boolean progressed = true;
            while (progressed && Instant.now().isBefore(deadline)) {
                int drained = drain.drainOnce();
                int advanced = completion.advance();
                progressed = drained > 0 || advanced > 0;
            }
        } catch (RuntimeException e) {
            // what was claimed comes back when its lease runs out; the next tick tries again
            LOG.log(Level.WARNING, "deletion worker stopped early", e);
        } finally {
            running.set(false);
        }
    }
}
