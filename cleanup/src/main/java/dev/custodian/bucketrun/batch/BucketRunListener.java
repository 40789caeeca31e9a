package dev.custodian.bucketrun.batch;

import dev.custodian.bucketrun.control.BucketRuns;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/** The run is running while its job is; a job that ends before completing it leaves it failed. */
@Named("bucketRunListener")
@Dependent
public class BucketRunListener extends AbstractJobListener {

    @Inject
    BucketRuns runs;

    @Inject
    JobContext job;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public void beforeJob() {
        runs.begin(UUID.fromString(runId));
    }

    @Override
    public void afterJob() {
        runs.failIfRunning(UUID.fromString(runId), "job execution " + job.getExecutionId() + " ended "
                + job.getBatchStatus() + " before the run completed; restart it to go on");
    }
}
