package dev.custodian.blackbox;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin's {@code /batch/executions/{id}/restart} keeps the execution's job parameters: a
 * retention sweep stopped half-way resumes into the same deletion (a restart without them fails:
 * the sweep would not know its deletion), which ends up holding every match once. A run's scan
 * goes on after the position its last committed chunk recorded, reading nothing twice.
 */
class BatchRestartIT {

    private static final int MATCHING = 20_000;
    private static final int RECORDS = 20_000;

    private final Api admin = Api.asAdmin();
    private final String user = "u" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStoppedSweepRestartedByAnAdminFillsTheSameDeletion() throws Exception {
        LedgerSeed.trackedProject(user, "expired", MATCHING, "final", Instant.now().minus(10, ChronoUnit.DAYS));
        String policy = BatchJobs.expiredFinalsPolicy(admin, "restart-" + user, user);
        try {
            Api.Reply started = admin.postJson("/api/v1/batch/executions", "{\"job_name\": \"retention-sweep\"}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            long first = started.json().getJsonNumber("id").longValue();
            BatchJobs.awaitSomeQueued(user);
            Api.Reply stopped = admin.post("/api/v1/batch/executions/" + first + "/stop");
            assertThat(stopped.status()).as("stopped mid-run: " + stopped).isEqualTo(202);
            JsonObject halfway = BatchJobs.awaitEnd(admin, first);
            assertThat(halfway.getString("status")).isEqualTo("stopped");
            String deletion = deletionOf(halfway);

            Api.Reply restarted = admin.post("/api/v1/batch/executions/" + first + "/restart");
            assertThat(restarted.status()).as(restarted.toString()).isEqualTo(202);
            JsonObject resumed = BatchJobs.awaitEnd(admin, restarted.json().getJsonNumber("id").longValue());

            assertThat(resumed.getString("status")).as(resumed.toString()).isEqualTo("completed");
            assertThat(deletionOf(resumed)).as("the same deletion: its parameters came along").isEqualTo(deletion);
            assertThat(resumed.getString("exit_status")).as("every match queued once, into that deletion")
                    .contains(" queued=" + MATCHING + " ");
            // the worker may have drained some already: their proof is in deleted_object
            assertThat(LedgerSeed.count("select (select count(*) from stored_object where user_id = ? and deletion_id = ?)"
                    + " + (select count(*) from deleted_object where user_id = ? and deletion_id = ?)",
                    user, UUID.fromString(deletion), user, UUID.fromString(deletion))).isEqualTo(MATCHING);
        } finally {
            admin.delete("/api/v1/retention-policies/" + policy);
        }
    }

    @Test
    void aStoppedMigrationPlanRestartedGoesOnAfterTheRecordsItPlanned() throws Exception {
        String project = "p" + user.substring(1);
        LedgerSeed.legacyProject(user, project, RECORDS);
        Api.Reply started = admin.postJson("/api/v1/admin/migrations", "{\"project_id\": \"" + project + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String run = started.json().getString("id");
        long first = executionOf(run);
        awaitSomePlanned(run);
        Api.Reply stopped = admin.post("/api/v1/batch/executions/" + first + "/stop");
        assertThat(stopped.status()).as("stopped mid-run: " + stopped).isEqualTo(202);
        assertThat(BatchJobs.awaitEnd(admin, first).getString("status")).isEqualTo("stopped");
        long plannedBefore = planned(run);
        assertThat(plannedBefore).as("stopped half-way").isBetween(1L, RECORDS - 1L);

        Api.Reply restarted = admin.post("/api/v1/batch/executions/" + first + "/restart");
        assertThat(restarted.status()).as(restarted.toString()).isEqualTo(202);
        JsonObject resumed = BatchJobs.awaitEnd(admin, restarted.json().getJsonNumber("id").longValue());

        assertThat(resumed.getString("status")).as(resumed.toString()).isEqualTo("completed");
        assertThat(planned(run)).as("every record planned once").isEqualTo(RECORDS);
        assertThat(resumed.getJsonArray("steps").getJsonObject(0).getJsonNumber("read_count").longValue())
                .as("the restart read on after the planned records, not from the start")
                .isEqualTo(RECORDS - plannedBefore);
        assertThat(AdminRuns.await(admin, "/api/v1/admin/migrations", run, Duration.ofSeconds(60)).getString("state"))
                .isEqualTo("completed");
    }

    private long executionOf(String run) {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonObject row;
        while ((row = admin.get("/api/v1/admin/migrations/" + run).json()).isNull("execution_id")) {
            assertThat(Instant.now()).as("the run's job did not start within 30 s").isBefore(deadline);
            Deletions.sleep(10);
        }
        return row.getJsonNumber("execution_id").longValue();
    }

    private static void awaitSomePlanned(String run) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (planned(run) == 0) {
            assertThat(Instant.now()).as("the plan committed no chunk within 60 s").isBefore(deadline);
            Deletions.sleep(10);
        }
    }

    private static long planned(String run) throws Exception {
        return LedgerSeed.count("select count(*) from bucket_run_item where run_id = ?", UUID.fromString(run));
    }

    private static String deletionOf(JsonObject execution) {
        String exit = execution.getString("exit_status");
        assertThat(exit).startsWith("deletion=");
        return exit.substring("deletion=".length(), exit.indexOf(' '));
    }
}
