package dev.custodian.clear.batch;

import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.clear.control.Clears;
import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.objectstore.control.ObjectStore;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/**
 * Checks the whole listing against {@code max_delete} before anything changes; a real run then
 * queues it all in one held deletion and releases it. A restart queues again idempotently.
 */
@Named("clearQueueBatchlet")
@Dependent
public class ClearQueueBatchlet extends AbstractBatchlet {

    @Inject
    Clears clears;

    @Inject
    BucketRuns runs;

    @Inject
    ObjectStore store;

    @Inject
    DeletionWorker worker;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public String process() {
        BucketRun run = runs.require(UUID.fromString(runId));
        Clears.Plan plan = clears.plan(run, store.bucket());
        if (run.deletionId() == null && plan.keys() > run.maxObjects()) {
            runs.reachLimit(run.id());
            String why = plan.keys() + " keys under '" + run.keyPrefix() + "', more than max_delete "
                    + run.maxObjects() + "; nothing was deleted";
            if (!run.dryRun()) {
                runs.failIfRunning(run.id(), why);
                return "refused";
            }
            runs.complete(run.id(), "dry run: " + why);
            return "reported";
        }
        if (run.dryRun()) {
            runs.complete(run.id(), "dry run: would delete " + plan.keys() + " keys");
            return "reported";
        }
        UUID deletion = clears.queue(run, store.bucket());
        runs.complete(run.id(), plan.keys() + " keys queued in deletion " + deletion);
        worker.poke();
        return "queued";
    }
}
