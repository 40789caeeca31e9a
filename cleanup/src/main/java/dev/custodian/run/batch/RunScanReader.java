package dev.custodian.run.batch;

import dev.custodian.batch.control.ScanCursor;
import dev.custodian.inventory.control.Inventories;
import dev.custodian.inventory.entity.InventoryException;
import dev.custodian.run.control.RunFamilies;
import dev.custodian.run.entity.RunScan;
import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.Optional;
import java.util.UUID;

/**
 * The scan step's reader of every run that reads the bucket (maintenance, backfill, clear): the
 * listing under the run's prefix, page by page as the chunks consume it, or the rows of the
 * inventory report the run names, so memory stays flat whatever the bucket holds. It hands out
 * {@link dev.custodian.inventory.entity.ScannedObject}s, whose positions the {@link RunScanWriter}
 * records with each chunk; a restarted job goes on from the run's recorded position, never from
 * the job repository's checkpoint (committed before the chunk's transaction, it can be ahead of
 * what committed). A report found unusable fails the run with what is wrong with it. A writer that
 * has reached the run's limit says so with {@link #stop}; a run that scans nothing ({@link
 * dev.custodian.run.control.RunFamily#beginScan}) lists nothing.
 */
@Named("runScanReader")
@Dependent
public class RunScanReader extends AbstractItemReader {

    private static final String STOP = "stop";

    @Inject
    RunFamilies families;

    @Inject
    Inventories scans;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private ScanCursor scan;

    /** Called by the step's writer: the reader hands out nothing more. */
    public static void stop(StepContext step) {
        step.setTransientUserData(STOP);
    }

    /** Whether the step's writer said {@link #stop}. */
    public static boolean stopped(StepContext step) {
        return STOP.equals(step.getTransientUserData());
    }

    @Override
    public void open(Serializable ignored) {
        Optional<RunScan> reads = families.require(job.getJobName()).beginScan(UUID.fromString(runId));
        if (reads.isPresent()) {
            RunScan run = reads.get();
            scan = new ScanCursor(() -> scans.scan(run.keyPrefix(), run.inventory(), run.resumeAfter()), threads);
        }
    }

    @Override
    public Object readItem() {
        try {
            return scan == null || stopped(step) ? null : scan.next();
        } catch (InventoryException e) {
            families.require(job.getJobName()).failScan(UUID.fromString(runId), e.getMessage());
            throw e;
        }
    }

    @Override
    public void close() {
        if (scan != null) {
            scan.close();
        }
    }
}
