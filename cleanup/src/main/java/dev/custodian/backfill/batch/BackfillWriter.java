package dev.custodian.backfill.batch;

import dev.custodian.backfill.control.Backfills;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.run.batch.RunScanReader;
import dev.custodian.run.batch.RunScanWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Adopts one chunk of the scan in the chunk's transaction (after the keys an inventory listed are
 * re-checked, outside it); stops the reader at {@code max_objects}.
 */
@Named("backfillWriter")
@Dependent
public class BackfillWriter extends RunScanWriter {

    @Inject
    Backfills backfills;

    @Inject
    BucketRuns runs;

    @Inject
    ObjectStore store;

    @Inject
    StepContext step;

    private BucketRun run;
    private long adopted;

    @Override
    public void open(Serializable checkpoint) {
        run = runs.require(UUID.fromString(runId));
        adopted = backfills.adoptedSoFar(run.id());
    }

    @Override
    protected void write(UUID runId, List<ObjectInfo> page) {
        Backfills.Taken taken = backfills.take(run, store.bucket(), backfills.recheck(run, store.bucket(), page),
                run.maxObjects() - adopted);
        adopted += taken.adopted();
        if (taken.full()) {
            RunScanReader.stop(step);
        }
    }
}
