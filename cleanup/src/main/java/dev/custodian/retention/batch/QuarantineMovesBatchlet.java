package dev.custodian.retention.batch;

import dev.custodian.maintenance.control.QuarantineMoves;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/**
 * The sweep's second step: carries out the quarantine moves its chunks planned. A batchlet runs in
 * no transaction, so no store call waits inside one; a move that meets an outage keeps its intent
 * for the quarantine recovery, and a restarted run takes up what is left.
 */
@Named("quarantineMovesBatchlet")
@Dependent
public class QuarantineMovesBatchlet extends AbstractBatchlet {

    @Inject
    QuarantineMoves moves;

    @Inject
    @BatchProperty(name = "deletionId")
    String deletionId;

    @Override
    public String process() {
        return moves.carryOutSweep(UUID.fromString(deletionId)) + " moved";
    }
}
