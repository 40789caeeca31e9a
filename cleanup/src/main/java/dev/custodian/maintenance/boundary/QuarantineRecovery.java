package dev.custodian.maintenance.boundary;

import dev.custodian.maintenance.control.QuarantineMoves;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finishes quarantine moves whose attempt died with its instance or met a store outage: every
 * 15 seconds (one indexed query when there is nothing to do), intents whose lease ran out are taken
 * up (leased rows, so any number of instances may run this side by side without working on one
 * move twice).
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QuarantineRecovery {

    private static final Logger LOG = Logger.getLogger(QuarantineRecovery.class.getName());

    @Inject
    QuarantineMoves moves;

    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false, info = "quarantine-recovery")
    public void resume() {
        try {
            int resumed = moves.resume(100);
            if (resumed > 0) {
                LOG.info(() -> "took up " + resumed + " unfinished quarantine moves");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "quarantine recovery stopped early; the next tick tries again", e);
        }
    }
}
