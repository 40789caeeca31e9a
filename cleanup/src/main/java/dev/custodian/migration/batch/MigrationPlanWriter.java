package dev.custodian.migration.batch;

import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.migration.control.Migrations;
import dev.custodian.migration.entity.MigrationCandidate;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.run.batch.RunScanReader;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Plans one chunk of records and records the chunk's last id as the run's scan position, both in the
 * chunk's transaction; stops the reader at {@code max_objects}.
 */
@Named("migrationPlanWriter")
@Dependent
public class MigrationPlanWriter extends AbstractItemWriter {

    @Inject
    Migrations migrations;

    @Inject
    BucketRuns runs;

    @Inject
    ObjectStore store;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private BucketRun run;

    @Override
    public void open(Serializable checkpoint) {
        run = runs.require(UUID.fromString(runId));
    }

    @Override
    public void writeItems(List<Object> items) {
        if (items.isEmpty()) {
            return;
        }
        // counted from the items each time: a chunk replayed after a crash is recorded once
        long room = run.maxObjects() - migrations.plannedSoFar(run.id());
        List<MigrationCandidate> records = items.stream().map(MigrationCandidate.class::cast).toList();
        if (migrations.plan(run, store.bucket(), records, room)) {
            RunScanReader.stop(step);
        }
        runs.advanceScan(run.id(), records.get(records.size() - 1).id().toString());
    }
}
