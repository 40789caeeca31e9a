package dev.custodian.blackbox;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's "batch recovery never runs one execution twice at once": an instance frozen (SIGSTOP)
 * in the middle of a sweep for three times the instance timeout is not taken for dead; after it
 * resumes, its own execution finishes the sweep and nobody restarted it.
 */
class PausedInstanceIT {

    private static final int MATCHING = 20_000;

    private final Api admin = Api.asAdmin();
    private final String user = "u" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aPausedInstanceKeepsItsExecution() throws Exception {
        LedgerSeed.trackedProject(user, "expired", MATCHING, "final", Instant.now().minus(10, ChronoUnit.DAYS));
        String policy = BatchJobs.expiredFinalsPolicy(admin, "paused-" + user, user);
        CustodianServer paused = CustodianServer.withSettings(Map.of());
        try {
            paused.start();
            Api.Reply started = Api.asAdmin(paused).postJson("/api/v1/batch/executions",
                    "{\"job_name\": \"retention-sweep\"}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            long execution = started.json().getJsonNumber("id").longValue();
            BatchJobs.awaitSomeQueued(user);
            signal(paused, "STOP");
            Deletions.sleep(18_000); // CUSTODIAN_BATCH_INSTANCE_TIMEOUT is 6 s in these tests
            assertThat(LedgerSeed.count("select count(*) from jbatchexecutioninstancedata where jobexecid = ?"
                    + " and batchstatus = 'STARTED'", execution)).as("not taken for dead").isEqualTo(1);
            signal(paused, "CONT");

            var ended = BatchJobs.awaitEnd(admin, execution);
            assertThat(ended.getString("status")).as(ended.toString()).isEqualTo("completed");
            assertThat(ended.getString("exit_status")).contains(" queued=" + MATCHING + " ");
            assertThat(LedgerSeed.count("select count(*) from audit_event where action = 'batch_interrupted'"
                    + " and detail like ?", "execution " + execution + " %")).isZero();
            assertThat(LedgerSeed.count("select count(*) from jbatchexecutioninstancedata e"
                    + " join jbatchexecutioninstancedata mine on mine.jobinstanceid = e.jobinstanceid"
                    + " where mine.jobexecid = ?", execution)).as("never restarted").isEqualTo(1);
        } finally {
            signal(paused, "CONT");
            paused.kill();
            admin.delete("/api/v1/retention-policies/" + policy);
        }
    }

    private static void signal(CustodianServer server, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).inheritIO().start().waitFor();
    }
}
