package dev.custodian.batch.boundary;

import dev.custodian.batch.control.BatchOwnership;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Records which instance runs an execution, so that it is recovered if that instance dies, and
 * forgets it when the execution ends. {@link JobStarter} records the owner already at submission;
 * this covers executions started some other way. Every job of ours lists it first.
 */
@Named("executionOwnership")
@Dependent
public class ExecutionOwnershipListener extends AbstractJobListener {

    @Inject
    BatchOwnership ownership;

    @Inject
    BatchSupervisor supervisor;

    @Inject
    JobContext job;

    @Override
    public void beforeJob() {
        ownership.claim(job.getExecutionId(), supervisor.instance(), job.getJobName());
    }

    @Override
    public void afterJob() {
        ownership.release(job.getExecutionId());
    }
}
