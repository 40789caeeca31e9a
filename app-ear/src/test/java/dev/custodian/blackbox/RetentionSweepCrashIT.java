package dev.custodian.blackbox;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's "a sweep killed mid-run resumes from its checkpoint without deleting anything twice
 * or skipping anything": the real process is killed while the retention-sweep job is half-way, and
 * the restarted service recovers the execution on its own.
 */
class RetentionSweepCrashIT {

    private static final int MATCHING = 40_000;
    private static final int KEPT = 50;

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;

    @Test
    void aSweepKilledMidRunIsRestartedFromItsCheckpointAndQueuesEveryMatchOnce() throws Exception {
        Instant old = Instant.now().minus(10, ChronoUnit.DAYS);
        LedgerSeed.trackedProject(user, "expired", MATCHING, "final", old);
        LedgerSeed.trackedProject(user, "recent", KEPT, "final", Instant.now());
        LedgerSeed.trackedProject(user, "standard", KEPT, "standard", old);
        String policy = "sweep-crash-" + tag;
        Api.Reply created = admin.send("PUT", "/api/v1/retention-policies/" + policy, "application/json", """
                {"retention_class": "final", "file_types": ["output"], "key_prefix": "users/%s/",
                 "max_age_days": 5, "action": "delete", "enabled": true}""".formatted(user).getBytes());
        assertThat(created.status()).as(created.toString()).isBetween(200, 201);

        Api.Reply started = admin.postJson("/api/v1/batch/executions", "{\"job_name\": \"retention-sweep\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long execution = started.json().getJsonNumber("id").longValue();
        long queuedAtKill = awaitSomeQueued();
        CustodianServer.shared().kill();
        assertThat(queuedAtKill).as("killed mid-run").isBetween(1L, MATCHING - 1L);
        assertThat(LedgerSeed.count("select count(*) from jbatchexecutioninstancedata where jobexecid = ?"
                + " and batchstatus = 'STARTED'", execution)).as("the killed run is left STARTED").isEqualTo(1);

        CustodianServer.shared().start();
        JsonObject resumed = awaitRestartOf(execution);
        assertThat(resumed.getString("status")).isEqualTo("completed");
        assertThat(resumed.getJsonNumber("read_count").longValue()).as("the restart read only the matches not queued before the kill")
                .isLessThan(MATCHING);
        assertThat(admin.get("/api/v1/batch/executions/" + execution).json().getString("status")).isEqualTo("failed");

        String exit = resumed.getString("exit_status");
        String deletion = exit.substring("deletion=".length(), exit.indexOf(' '));
        JsonObject done = Deletions.awaitFinished(app, deletion, Duration.ofSeconds(240));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("total").longValue()).as("every match queued once").isEqualTo(MATCHING);
        assertThat(done.getJsonNumber("deleted").longValue()).as("nothing skipped").isEqualTo(MATCHING);
        assertThat(LedgerSeed.count("select count(*) from (select object_key from " + LedgerSeed.AUDIT_KEYS + " where deletion_id = ?"
                + " and action = 'delete_object' and outcome = 'deleted' group by object_key having count(*) > 1) twice",
                UUID.fromString(deletion))).as("no key deleted twice").isZero();
        assertThat(Bucket.keys("users/" + user + "/projects/expired/")).isEmpty();
        assertThat(Bucket.keys("users/" + user + "/projects/recent/")).hasSize(KEPT);
        assertThat(Bucket.keys("users/" + user + "/projects/standard/")).hasSize(KEPT);
        assertThat(LedgerSeed.count("select count(*) from stored_object where user_id = ? and project_id <> 'expired'"
                + " and state = 'active'", user)).as("recent finals and standard objects kept").isEqualTo(2L * KEPT);
        assertThat(LedgerSeed.count("select count(*) from audit_event where action = 'batch_interrupted'"
                + " and detail like ?", "execution " + execution + " %")).isEqualTo(1);
        admin.delete("/api/v1/retention-policies/" + policy);
    }

    /** Rows the sweep has queued so far: each committed chunk turns its matches to deleting. */
    private long awaitSomeQueued() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            long queued = LedgerSeed.count("select count(*) from stored_object where user_id = ?"
                    + " and project_id = 'expired' and state <> 'active'", user);
            if (queued > 0) {
                return queued;
            }
            Deletions.sleep(10);
        }
        throw new AssertionError("the sweep queued nothing within 60 s");
    }

    /** The execution the supervisor restarted for the killed one, once it has ended. */
    private JsonObject awaitRestartOf(long killed) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            for (var item : admin.get("/api/v1/batch/executions?job_name=retention-sweep&limit=5").json()
                    .getJsonArray("items")) {
                JsonObject execution = item.asJsonObject();
                long id = execution.getJsonNumber("id").longValue();
                String status = execution.getString("status");
                if (id > killed && !status.equals("starting") && !status.equals("started")) {
                    return admin.get("/api/v1/batch/executions/" + id).json();
                }
            }
            Deletions.sleep(500);
        }
        throw new AssertionError("execution " + killed + " was not restarted within 120 s");
    }
}
