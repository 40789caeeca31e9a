package dev.custodian.deletion.batch;

import dev.custodian.deletion.control.DeletedRowsPurge;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The {@code ledger-purge} job's one step; a stop ends it after the chunk in flight. */
@Named("deletedRowsPurgeBatchlet")
@Dependent
public class DeletedRowsPurgeBatchlet extends AbstractBatchlet {

    @Inject
    DeletedRowsPurge purge;

    private volatile boolean stopped;

    @Override
    public String process() {
        return "purged=" + purge.purge(() -> stopped);
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
