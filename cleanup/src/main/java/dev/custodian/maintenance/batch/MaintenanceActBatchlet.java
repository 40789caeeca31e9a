package dev.custodian.maintenance.batch;

import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.maintenance.control.MaintenanceActions;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.MaintenanceRun;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/**
 * The last step: an executing run acts on its findings (settled findings are skipped, so a restart
 * goes on where it stopped); every run is then completed, a dry run with its confirmation token.
 */
@Named("maintenanceActBatchlet")
@Dependent
public class MaintenanceActBatchlet extends AbstractBatchlet {

    @Inject
    MaintenanceRuns runs;

    @Inject
    MaintenanceActions actions;

    @Inject
    DeletionWorker worker;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public String process() {
        UUID id = UUID.fromString(runId);
        MaintenanceRun run = runs.require(id);
        if (!run.dryRun()) {
            actions.act(id);
        }
        runs.complete(id);
        worker.poke();
        return run.dryRun() ? "reported" : "acted";
    }
}
