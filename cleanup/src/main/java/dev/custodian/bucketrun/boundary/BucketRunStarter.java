package dev.custodian.bucketrun.boundary;

import dev.custodian.batch.boundary.JobStarter;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Properties;

/**
 * Starts a bucket run as the Jakarta Batch job named after its kind, through {@link JobStarter} so
 * that an execution interrupted by a crash is restarted from its checkpoint.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BucketRunStarter {

    @Inject
    BucketRuns runs;

    @Inject
    JobStarter jobs;

    /** Records the run, then starts its job; a job that cannot start leaves the run failed, not queued. */
    public BucketRun start(RunRequest request, String actor) {
        BucketRun run = runs.create(request, actor);
        Properties parameters = new Properties();
        parameters.setProperty("runId", run.id().toString());
        try {
            runs.attachExecution(run.id(), jobs.start(request.kind().wireName(), parameters));
        } catch (RuntimeException e) {
            runs.failIfRunning(run.id(), "the job could not start: " + e.getMessage());
            throw e;
        }
        return runs.require(run.id());
    }
}
