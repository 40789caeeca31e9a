package dev.custodian.bucketrun.batch;

import dev.custodian.batch.control.ListingCursor;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.objectstore.control.ObjectStore;
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
 * Streams the bucket listing under the run's prefix, page by page as the chunks consume it, so
 * memory stays flat whatever the bucket holds. The checkpoint is the last key handed out: a
 * restarted job lists on from there. A writer that has reached the run's limit says so with
 * {@link #stop}; a run that reached it before a restart lists nothing.
 */
@Named("runListingReader")
@Dependent
public class RunListingReader extends AbstractItemReader {

    private static final String STOP = "stop";

    @Inject
    BucketRuns runs;

    @Inject
    ObjectStore store;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private ListingCursor listing;
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
            listing = new ListingCursor(() -> store.list(run.keyPrefix(), after), after, threads);
        }
    }

    @Override
    public Object readItem() {
        return listing == null || stopped(step) ? null : listing.next();
    }

    @Override
    public Serializable checkpointInfo() {
        return listing == null ? checkpoint : listing.lastKey();
    }

    @Override
    public void close() {
        if (listing != null) {
            listing.close();
        }
    }
}
