package dev.custodian.run.batch;

import dev.custodian.run.control.RunFamilies;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/**
 * The listener of every job that carries out a run: the run is running while its job is; a job
 * that ends before completing it leaves it failed, to be restarted.
 */
@Named("runListener")
@Dependent
public class RunListener extends AbstractJobListener {

    @Inject
    RunFamilies families;

    @Inject
    JobContext job;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public void beforeJob() {
        families.require(job.getJobName()).begin(UUID.fromString(runId));
    }

    @Override
    public void afterJob() {
        families.require(job.getJobName()).failIfRunning(UUID.fromString(runId), "job execution "
                + job.getExecutionId() + " ended " + job.getBatchStatus()
                + " before the run completed; restart it to go on");
    }
}
