package dev.custodian.retention.boundary;

import dev.custodian.batch.boundary.JobStarter;
import dev.custodian.retention.control.RetentionSettings;
import dev.custodian.retention.control.RetentionSweeps;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import java.util.Properties;

/**
 * Starts {@code retention-sweep} runs: on {@code custodian.retention.schedule} (daily at 04:00 UTC
 * by default) with {@code custodian.retention.max-delete}, or by hand with a cap of the caller's. Each run first opens its (held) deletion, so a restart
 * of the run keeps filling the same one.
 */
@Singleton
// bean-managed, as BatchSupervisor is: it starts jobs
@TransactionManagement(TransactionManagementType.BEAN)
public class RetentionSweepStarter {

    public static final String JOB = "retention-sweep";

    @Inject
    RetentionSweeps sweeps;

    @Inject
    RetentionSettings settings;

    @Inject
    JobStarter jobs;

    /** The scheduled run; returns its execution id. */
    public long scheduled() {
        return start("custodian", settings.sweepMaxDelete());
    }

    /** Starts a run; returns its execution id. */
    public long start(String actor, long maxDelete) {
        var deletion = sweeps.open(actor, maxDelete);
        Properties parameters = new Properties();
        parameters.setProperty("deletionId", deletion.id().toString());
        parameters.setProperty("maxDelete", Long.toString(maxDelete));
        return jobs.start(JOB, parameters);
    }
}
