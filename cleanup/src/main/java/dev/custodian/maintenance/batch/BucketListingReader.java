package dev.custodian.maintenance.batch;

import dev.custodian.batch.control.ScanCursor;
import dev.custodian.inventory.control.Inventories;
import dev.custodian.inventory.entity.InventoryException;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.MaintenanceRun;
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
 * Streams the bucket listing under the run's prefix, a page of 1000 keys at a time, or the rows of
 * the inventory report the run names. The checkpoint is where the last object handed out leaves the
 * scan, so a restarted scan goes on from there. A report found unusable fails the run with what is
 * wrong with it. A run that replays a dry run's findings scans nothing.
 */
@Named("bucketListingReader")
@Dependent
public class BucketListingReader extends AbstractItemReader {

    @Inject
    MaintenanceRuns runs;

    @Inject
    Inventories scans;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private ScanCursor scan;
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
        scan = new ScanCursor(() -> scans.scan(run.keyPrefix(), run.inventory(), after), after, threads);
    }

    @Override
    public Object readItem() {
        try {
            return scan == null ? null : scan.next();
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
