package dev.custodian.clear.batch;

import dev.custodian.clear.control.Clears;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.UUID;

/** Records one chunk of the listing as the run's items; nothing is deleted yet. */
@Named("clearListingWriter")
@Dependent
public class ClearListingWriter extends AbstractItemWriter {

    @Inject
    Clears clears;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public void writeItems(List<Object> items) {
        clears.record(UUID.fromString(runId), items.stream().map(ObjectInfo.class::cast).toList());
    }
}
