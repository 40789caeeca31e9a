package dev.custodian.run.boundary;

import dev.custodian.batch.boundary.JobStarter;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.RunRequest;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.MaintenanceRequest;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.run.control.RunFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Properties;
import java.util.UUID;

/**
 * The one way a run starts: it is recorded, then its job is started through {@link JobStarter}
 * (so an execution interrupted by a crash is restarted from its checkpoint) with the run's id as
 * {@code runId}; a job that cannot start leaves the run failed, not queued.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class RunStarter {

    @Inject
    BucketRuns bucketRuns;

    @Inject
    MaintenanceRuns maintenanceRuns;

    @Inject
    JobStarter jobs;

    /** A backfill, clear or migration, as the Jakarta Batch job named after its kind. */
    public BucketRun start(RunRequest request, String actor) {
        BucketRun run = bucketRuns.create(request, actor);
        launch(bucketRuns, request.kind().wireName(), run.id());
        return bucketRuns.require(run.id());
    }

    /** A maintenance run, as the {@value MaintenanceRuns#JOB} job. */
    public MaintenanceRun start(MaintenanceRequest request, String actor) {
        MaintenanceRun run = maintenanceRuns.create(request, actor);
        launch(maintenanceRuns, MaintenanceRuns.JOB, run.id());
        return maintenanceRuns.require(run.id());
    }

    private void launch(RunFamily family, String job, UUID runId) {
        Properties parameters = new Properties();
        parameters.setProperty("runId", runId.toString());
        try {
            family.attachExecution(runId, jobs.start(job, parameters));
        } catch (RuntimeException e) {
            family.failIfRunning(runId, "the job could not start: " + e.getMessage());
            throw e;
        }
    }
}
