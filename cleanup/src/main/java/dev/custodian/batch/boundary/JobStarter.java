package dev.custodian.batch.boundary;

import dev.custodian.batch.control.BatchOwnership;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Properties;

/**
 * Starts and restarts our jobs, recording this instance as the owner at once: an execution still
 * queued behind another one has an owner too, so it is recovered only if this instance dies, never
 * merely for waiting. Every start and restart of the service goes through here.
 */
@ApplicationScoped
public class JobStarter {

    @Inject
    BatchOwnership ownership;

    @Inject
    BatchSupervisor supervisor;

    /** Returns the new execution's id. */
    public long start(String job, Properties parameters) {
        long execution = BatchRuntime.getJobOperator().start(job, parameters);
        ownership.claim(execution, supervisor.instance(), job);
        return execution;
    }

    /**
     * Restarts a stopped or failed execution with the job parameters it was started with (a
     * restart with none would lose a sweep's deletion or a maintenance run's id); returns the new
     * execution's id.
     */
    public long restart(long executionId) {
        JobOperator operator = BatchRuntime.getJobOperator();
        long execution = operator.restart(executionId, operator.getParameters(executionId));
        ownership.claim(execution, supervisor.instance(), operator.getJobExecution(execution).getJobName());
        return execution;
    }

    /** The parameters an execution was started with; null when the repository cannot say. */
    public Properties parameters(long executionId) {
        try {
            return BatchRuntime.getJobOperator().getParameters(executionId);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
