package dev.custodian.maintenance.batch;

import dev.custodian.maintenance.control.MaintenanceActions;
import dev.custodian.maintenance.control.MaintenanceFindings;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.objectstore.control.ObjectStore;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/**
 * Diffs the staged listing against the ledger in SQL, then confirms each candidate (an orphaned
 * record; a file an inventory called orphaned) with a HEAD of its key. Repeatable: a restart
 * replaces the run's findings.
 */
@Named("ledgerDiffBatchlet")
@Dependent
public class LedgerDiffBatchlet extends AbstractBatchlet {

    @Inject
    MaintenanceRuns runs;

    @Inject
    MaintenanceFindings findings;

    @Inject
    MaintenanceActions actions;

    @Inject
    ObjectStore store;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public String process() {
        MaintenanceRun run = runs.require(UUID.fromString(runId));
        if (run.replays()) {
            return "replays run " + run.sourceRunId();
        }
        findings.diff(run, store.bucket());
        actions.confirmCandidates(run.id());
        return "diffed";
    }
}
