package dev.custodian.bucketrun.batch;

import dev.custodian.batch.control.ScanCursor;
import dev.custodian.inventory.control.Inventories;
import dev.custodian.inventory.entity.InventoryException;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.UUID;

/**
 * Streams the bucket listing under the run's prefix, page by page as the chunks consume it, or the
 * rows of the inventory report the run names, so memory stays flat whatever the bucket holds. The
 * checkpoint is where the last object handed out leaves the scan: a restarted job goes on from
 * there. A report found unusable fails the run with what is wrong with it. A writer that has reached the run's limit says so with
 * {@link #stop}; a run that reached it before a restart lists nothing.
 */
@Named("runListingReader")
@Dependent
public class RunListingReader extends AbstractItemReader {

    private static final String STOP = "stop";

    @Inject
    BucketRuns runs;

    @Inject
    Inventories scans;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private ScanCursor scan;
    private String checkpoint;

    /** Called by the step's writer: the reader hands out nothing more. */
    public static void stop(StepContext step) {
        step.setTransientUserData(STOP);
    }

    /** Whether the step's writer said {@link #stop}. */
    public static boolean stopped(StepContext step) {
        return STOP.equals(step.getTransientUserData());
    }

    @Override
    public void open(Serializable checkpoint) {
        BucketRun run = runs.require(UUID.fromString(runId));
        this.checkpoint = (String) checkpoint;
        if (!run.limitReached()) {
            String after = this.checkpoint;
            scan = new ScanCursor(() -> scans.scan(run.keyPrefix(), run.inventory(), after), after, threads);
        }
    }

    @Override
    public Object readItem() {
        try {
            return scan == null || stopped(step) ? null : scan.next();
        } catch (InventoryException e) {
            runs.failScan(UUID.fromString(runId), e.getMessage());
            throw e;
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return scan == null ? checkpoint : scan.checkpoint();
    }

    @Override
    public void close() {
        if (scan != null) {
            scan.close();
        }
    }
}
