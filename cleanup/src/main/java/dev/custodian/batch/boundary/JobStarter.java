package dev.custodian.batch.boundary;

import dev.custodian.batch.control.BatchOwnership;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.OptionalLong;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Starts and restarts our jobs, recording this instance as the owner at once: an execution still
 * queued behind another one has an owner too, so it is recovered only if this instance dies, never
 * merely for waiting. Every start and restart of the service goes through here.
 */
@ApplicationScoped
public class JobStarter {

    private static final Logger LOG = Logger.getLogger(JobStarter.class.getName());

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
     * Starts a job that takes no parameters unless an execution of it is still running (the
     * scheduled sweeps: one at a time is enough); returns the execution it started.
     */
    public OptionalLong startUnlessRunning(String job) {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            if (!operator.getRunningExecutions(job).isEmpty()) {
                LOG.fine(() -> job + " still running; not starting another");
                return OptionalLong.empty();
            }
        } catch (NoSuchJobException neverRan) {
            // no execution yet
        }
        return OptionalLong.of(start(job, new Properties()));
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
