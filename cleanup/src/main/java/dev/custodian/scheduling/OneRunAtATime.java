package dev.custodian.scheduling;

import dev.custodian.ledger.control.DatabaseOutages;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The guard of a worker that a timer starts and requests poke: one run at a time per instance (a
 * tick or poke during a run is dropped, the run itself picks the new work up), and a failed run is
 * only logged — whatever it claimed comes back when its lease runs out, and the next tick tries
 * again. A lost database is logged as the wait it is, without a stack trace every few seconds.
 */
public final class OneRunAtATime {

    /** A run's work. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final AtomicBoolean running = new AtomicBoolean();
    private final String name;
    private final Logger log;

    public OneRunAtATime(String name, Logger log) {
        this.name = name;
        this.log = log;
    }

    /** Runs the work now unless a run is going on. */
    public void run(Work work) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (DatabaseOutages.isOutage(e)) {
                log.warning(() -> name + " waits for the database: " + e.getMessage());
            } else {
                log.log(Level.WARNING, name + " stopped early", e);
            }
        } finally {
            running.set(false);
        }
    }
}
