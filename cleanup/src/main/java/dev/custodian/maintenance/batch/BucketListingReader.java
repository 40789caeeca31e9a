package dev.custodian.maintenance.batch;

import dev.custodian.batch.control.ListingCursor;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.objectstore.control.ObjectStore;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.UUID;

/**
 * Streams the bucket listing under the run's prefix, a page of 1000 keys at a time. The
 * checkpoint is the last key handed out, so a restarted scan lists on from there. A run that
 * replays a dry run's findings lists nothing.
 */
@Named("bucketListingReader")
@Dependent
public class BucketListingReader extends AbstractItemReader {

    @Inject
    MaintenanceRuns runs;

    @Inject
    ObjectStore store;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private ListingCursor listing;
    private String checkpoint;

    @Override
    public void open(Serializable checkpoint) {
        MaintenanceRun run = runs.require(UUID.fromString(runId));
        this.checkpoint = (String) checkpoint;
        if (run.replays()) {
            return;
        }
        runs.beginScan(run.id());
        String after = this.checkpoint;
        listing = new ListingCursor(() -> store.list(run.keyPrefix(), after), after, threads);
    }

    @Override
    public Object readItem() {
        return listing == null ? null : listing.next();
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
