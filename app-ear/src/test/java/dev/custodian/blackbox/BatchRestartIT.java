package dev.custodian.blackbox;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin's {@code /batch/executions/{id}/restart} keeps the execution's job parameters: a
 * retention sweep stopped half-way resumes into the same deletion (a restart without them fails:
 * the sweep would not know its deletion), which ends up holding every match once.
 */
class BatchRestartIT {

    private static final int MATCHING = 20_000;

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

    private static String deletionOf(JsonObject execution) {
        String exit = execution.getString("exit_status");
        assertThat(exit).startsWith("deletion=");
        return exit.substring("deletion=".length(), exit.indexOf(' '));
    }
}
