package dev.custodian.receipt.control;

import dev.custodian.deletion.entity.DeletionFinished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a deletion's receipt the moment it has finished, in a transaction of its own: a receipt
 * that cannot be made now (the database failed) is made at the first request instead, so it never
 * holds up the deletion that finished.
 */
@ApplicationScoped
public class ReceiptAtFinish {

    private static final Logger LOG = Logger.getLogger(ReceiptAtFinish.class.getName());

    @Inject
    DeletionReceipts receipts;

    void deletionFinished(@Observes DeletionFinished finished) {
        try {
            receipts.madeAtFinish(finished.deletionId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the receipt of deletion " + finished.deletionId()
                    + " is left to its first request: " + e.getMessage(), e);
        }
    }
}
