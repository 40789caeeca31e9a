package dev.custodian.migration.batch;

import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.migration.control.MigrationMoves;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Duration;
import java.util.UUID;

/**
 * The migration's second step: carries out the planned moves (a dry run only looks for conflicts).
 * A batchlet runs in no transaction, so no store call waits inside one; a restarted execution
 * (after a crash) takes up whatever its dead predecessor left.
 */
@Named("migrationMovesBatchlet")
@Dependent
public class MigrationMovesBatchlet extends AbstractBatchlet {

    /** How long the store may let no move finish before the job fails (a restart goes on from there). */
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @Inject
    MigrationMoves moves;

    @Inject
    BucketRuns runs;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    @Override
    public String process() {
        BucketRun run = runs.require(UUID.fromString(runId));
        if (run.dryRun()) {
            moves.judgeDry(run.id(), run.actor());
        } else {
            moves.carryOut(run.id(), run.actor(), PATIENCE);
        }
        return "moved";
    }
}
