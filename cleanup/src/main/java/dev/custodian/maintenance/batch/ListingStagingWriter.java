package dev.custodian.maintenance.batch;

import dev.custodian.maintenance.control.MaintenanceFindings;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.run.batch.RunScanWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.UUID;

/** Writes each chunk of the listing into the run's staging rows: one batched insert. */
@Named("listingStagingWriter")
@Dependent
public class ListingStagingWriter extends RunScanWriter {

    @Inject
    MaintenanceFindings findings;

    @Override
    protected void write(UUID runId, List<ObjectInfo> objects) {
        findings.stage(runId, objects);
    }
}
