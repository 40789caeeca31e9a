package dev.custodian.pending.boundary;

import dev.custodian.batch.boundary.JobStarter;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import java.util.OptionalLong;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Starts the {@code pending-uploads} job (on {@code custodian.uploads.pending-schedule}, see
 * ScheduledTasks) unless one is still running.
 */
@Singleton
public class PendingUploadsTimer {

    static final String JOB = "pending-uploads";
    private static final Logger LOG = Logger.getLogger(PendingUploadsTimer.class.getName());

    /** Returns the execution it started; none while one is still running. */
    @Inject
    JobStarter jobs;

    public OptionalLong start() {
        JobOperator operator = BatchRuntime.getJobOperator();
        if (isRunning(operator)) {
            LOG.fine(() -> JOB + " still running; not starting another");
            return OptionalLong.empty();
        }
        long execution = jobs.start(JOB, new Properties());
        LOG.fine(() -> JOB + " started as execution " + execution);
        return OptionalLong.of(execution);
    }

    private static boolean isRunning(JobOperator operator) {
        try {
            return !operator.getRunningExecutions(JOB).isEmpty();
        } catch (NoSuchJobException neverRan) {
            return false;
        }
    }
}
