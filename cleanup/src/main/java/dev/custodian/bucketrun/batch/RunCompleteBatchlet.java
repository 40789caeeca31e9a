package dev.custodian.bucketrun.batch;

import dev.custodian.bucketrun.control.BucketRuns;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/** The last step of a run whose items say everything: the run completes with its counts. */
@Named("runCompleteBatchlet")
@Dependent
public class RunCompleteBatchlet extends AbstractBatchlet {

    @Inject
    BucketRuns runs;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public String process() {
        UUID id = UUID.fromString(runId);
        runs.complete(id, runs.counts(id).toString());
        return "completed";
    }
}
