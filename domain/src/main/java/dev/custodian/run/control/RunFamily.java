package dev.custodian.run.control;

import dev.custodian.run.entity.RunScan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One table family of runs as the run framework drives it: {@code maintenance_run} (the
 * {@code maintenance} job) and {@code bucket_run} (the {@code backfill}, {@code clear} and
 * {@code migration} jobs). A run is recorded first, then a Jakarta Batch job carries it out with
 * the run's id as its {@code runId} parameter; one listener, one starter, one scan reader and one
 * stranded-run recovery reach the run through this, whatever its family.
 */
public interface RunFamily {

    /** Whether executions of this job carry out runs of this family. */
    boolean carriesOut(String job);

    /** The job was submitted: the run names its execution. */
    void attachExecution(UUID id, long executionId);

    /** The job (or its restart) began: the run is running again, its first start kept. */
    void begin(UUID id);

    /** The job ended without completing the run, or the run cannot go on: failed with why, if still active. */
    void failIfRunning(UUID id, String why);

    /**
     * The scan found its source unusable (an inventory report that does not read): the run fails
     * with what is wrong, committed whatever becomes of the chunk that found it.
     */
    void failScan(UUID id, String why);

    /** Runs still queued, with no job, since before {@code before}. */
    List<UUID> queuedWithoutJob(Instant before);

    /**
     * The scan step (re)starts: what it reads, and the run notes the scan began; empty when this
     * run scans nothing (it reached its limit before a restart, or replays another run's findings).
     */
    Optional<RunScan> beginScan(UUID id);

    /**
     * A chunk of the scan was written, up to {@code position} (the last object's, as the scan gave
     * it): in the chunk's transaction, so a restarted scan goes on exactly after what committed.
     */
    void advanceScan(UUID id, String position);
}
