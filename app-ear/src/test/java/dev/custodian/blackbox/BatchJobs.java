package dev.custodian.blackbox;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting the service's batch jobs over HTTP, and waiting for their executions. */
final class BatchJobs {

    private static final Set<String> RUNNING = Set.of("starting", "started", "stopping");

    private BatchJobs() {
    }

    /** Starts the job with this JSON body and returns the ended execution. */
    static JsonObject run(Api admin, String body) {
        Api.Reply started = admin.postJson("/api/v1/batch/executions", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return awaitEnd(admin, started.json().getJsonNumber("id").longValue());
    }

    /** The execution once it has ended, whatever its status. */
    static JsonObject awaitEnd(Api admin, long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonObject execution = admin.get("/api/v1/batch/executions/" + id).json();
            if (!RUNNING.contains(execution.getString("status"))) {
                return execution;
            }
            Deletions.sleep(250);
        }
        throw new AssertionError("batch execution " + id + " did not end within 60 s");
    }

    /** Waits until a sweep has queued some of the user's objects: its first chunk has committed. */
    static void awaitSomeQueued(String user) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (LedgerSeed.count("select count(*) from stored_object where user_id = ? and state <> 'active'", user)
                == 0) {
            assertThat(Instant.now()).as("the sweep queued nothing within 60 s").isBefore(deadline);
            Deletions.sleep(10);
        }
    }

    /** Creates an enabled policy deleting the user's final outputs older than five days; returns its name. */
    static String expiredFinalsPolicy(Api admin, String name, String user) {
        Api.Reply created = admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json", """
                {"retention_class": "final", "file_types": ["output"], "key_prefix": "users/%s/",
                 "max_age_days": 5, "action": "delete", "enabled": true}""".formatted(user).getBytes());
        assertThat(created.status()).as(created.toString()).isBetween(200, 201);
        return name;
    }
}
