package dev.custodian.migration.batch;

import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.migration.control.Migrations;
import dev.custodian.migration.entity.MigrationCandidate;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.run.batch.RunScanReader;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * The migration's scope, active records by id a page at a time. A restarted job reads on after the
 * last id the {@link MigrationPlanWriter} recorded with a committed chunk (not after the job
 * repository's checkpoint, which is committed before the chunk's transaction). A run that reached
 * {@code max_objects} before a restart reads nothing.
 */
@Named("migrationRecordReader")
@Dependent
public class MigrationRecordReader extends AbstractItemReader {

    private static final int PAGE = 1000;

    @Inject
    BucketRuns runs;

    @Inject
    Migrations migrations;

    @Inject
    ObjectStore store;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty(name = "runId")
    String runId;

    private BucketRun run;
    private UUID last;
    private final Deque<MigrationCandidate> page = new ArrayDeque<>();
    private boolean exhausted;

    @Override
    public void open(Serializable ignored) {
        run = runs.require(UUID.fromString(runId));
        String position = runs.scanPosition(run.id());
        last = position == null ? null : UUID.fromString(position);
        exhausted = run.limitReached();
    }

    @Override
    public Object readItem() {
        if (exhausted || RunScanReader.stopped(step)) {
            return null;
        }
        if (page.isEmpty()) {
            page.addAll(migrations.page(run, store.bucket(), last, PAGE));
            exhausted = page.isEmpty();
        }
        MigrationCandidate next = page.poll();
        if (next != null) {
            last = next.id();
        }
        return next;
    }
}
