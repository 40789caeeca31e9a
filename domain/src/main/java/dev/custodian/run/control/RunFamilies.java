package dev.custodian.run.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Every {@link RunFamily}, found by the job that carries its runs out, and the one recovery of
 * stranded runs: those no job will ever end are failed with the reason, so they stop blocking the
 * runs that overlap them and say what happened.
 */
@ApplicationScoped
public class RunFamilies {

    @Inject
    @Any
    Instance<RunFamily> families;

    /** The family whose runs this job carries out; empty for a job that works for no run. */
    public Optional<RunFamily> of(String job) {
        return families.stream().filter(family -> family.carriesOut(job)).findFirst();
    }

    public RunFamily require(String job) {
        return of(job).orElseThrow(() -> new IllegalArgumentException("job " + job + " carries out no run"));
    }

    /**
     * Fails runs still queued without a job since before {@code before}: the instance that recorded
     * one stopped before starting its job. Returns how many.
     */
    public int failNeverStarted(Instant before) {
        int failed = 0;
        for (RunFamily family : families) {
            List<UUID> stranded = family.queuedWithoutJob(before);
            stranded.forEach(id -> family.failIfRunning(id, "its job never started: the instance that recorded"
                    + " the run stopped first; start the run again"));
            failed += stranded.size();
        }
        return failed;
    }

    /**
     * The run an execution of {@code job} worked for (its {@code runId} parameter; the parameters
     * null when the job repository cannot say), failed with {@code why}: its restarts were given up.
     */
    public void failRunOf(String job, Properties parameters, String why) {
        String runId = parameters == null ? null : parameters.getProperty("runId");
        if (runId != null) {
            of(job).ifPresent(family -> family.failIfRunning(UUID.fromString(runId), why));
        }
    }
}
