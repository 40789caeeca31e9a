package dev.custodian.run.batch;

import dev.custodian.inventory.entity.ScannedObject;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.run.control.RunFamilies;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * The writer of a scan step ({@link RunScanReader}'s chunks): writes a chunk's objects, then records
 * in the same transaction, the chunk's, where the chunk leaves the scan. A restart goes on from
 * there: whatever committed is never read again, whatever was lost is.
 */
public abstract class RunScanWriter extends AbstractItemWriter {

    @Inject
    RunFamilies families;

    @Inject
    JobContext job;

    @Inject
    @BatchProperty(name = "runId")
    protected String runId;

    @Override
    public final void writeItems(List<Object> items) {
        if (items.isEmpty()) {
            return;
        }
        List<ScannedObject> chunk = items.stream().map(ScannedObject.class::cast).toList();
        UUID run = UUID.fromString(runId);
        write(run, chunk.stream().map(ScannedObject::object).toList());
        families.require(job.getJobName()).advanceScan(run, chunk.get(chunk.size() - 1).checkpoint());
    }

    /** Writes one chunk of the run's scan, in the chunk's transaction. */
    protected abstract void write(UUID runId, List<ObjectInfo> objects);
}
