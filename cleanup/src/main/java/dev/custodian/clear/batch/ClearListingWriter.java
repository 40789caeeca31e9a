package dev.custodian.clear.batch;

import dev.custodian.clear.control.Clears;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.run.batch.RunScanWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.UUID;

/** Records one chunk of the listing as the run's items; nothing is deleted yet. */
@Named("clearListingWriter")
@Dependent
public class ClearListingWriter extends RunScanWriter {

    @Inject
    Clears clears;

    @Override
    protected void write(UUID runId, List<ObjectInfo> objects) {
        clears.record(runId, objects);
    }
}
