package dev.custodian.maintenance.batch;

import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

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

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private Stream<ObjectInfo> listing;
    private Iterator<ObjectInfo> objects;
    private String lastKey;

    @Override
    public void open(Serializable checkpoint) {
        MaintenanceRun run = runs.require(UUID.fromString(runId));
        lastKey = (String) checkpoint;
        if (run.replays()) {
            return;
        }
        runs.beginScan(run.id());
        listing = store.list(run.keyPrefix(), lastKey);
        objects = listing.iterator();
    }

    @Override
    public Object readItem() {
        if (objects == null || !objects.hasNext()) {
            return null;
        }
        ObjectInfo next = objects.next();
        lastKey = next.key();
        return next;
    }

    @Override
    public Serializable checkpointInfo() {
        return lastKey;
    }

    @Override
    public void close() {
        if (listing != null) {
            listing.close();
        }
    }
}
