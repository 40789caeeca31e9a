package dev.custodian.retention.batch;

import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.maintenance.control.Quarantine;
import dev.custodian.retention.control.RetentionSweeps;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/** Whatever the run's outcome, its deletion is released (and the worker poked) when it ends. */
@Named("retentionSweepListener")
@Dependent
public class RetentionSweepListener extends AbstractJobListener {

    @Inject
    RetentionSweeps sweeps;

    @Inject
    Quarantine quarantine;

    @Inject
    DeletionWorker worker;

    @Inject
    JobContext job;

    @Inject
    @BatchProperty(name = "deletionId")
    String deletionId;

    @Override
    public void afterJob() {
        UUID deletion = UUID.fromString(deletionId);
        sweeps.release(deletion);
        job.setExitStatus("deletion=" + deletion + " queued=" + sweeps.queuedSoFar(deletion)
                + " quarantined=" + quarantine.quarantinedBy(deletion));
        worker.poke();
    }
}
