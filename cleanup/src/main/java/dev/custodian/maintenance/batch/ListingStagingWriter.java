package dev.custodian.maintenance.batch;

import dev.custodian.maintenance.control.MaintenanceFindings;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.UUID;

/** Writes each chunk of the listing into the run's staging rows: one batched insert. */
@Named("listingStagingWriter")
@Dependent
public class ListingStagingWriter extends AbstractItemWriter {

    @Inject
    MaintenanceFindings findings;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public void writeItems(List<Object> items) {
        findings.stage(UUID.fromString(runId), items.stream().map(ObjectInfo.class::cast).toList());
    }
}
