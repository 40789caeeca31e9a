package dev.custodian.blackbox;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting one of the service's batch jobs over HTTP and waiting for its execution to end. */
final class BatchJobs {

    private BatchJobs() {
    }

    /** Starts the job with this JSON body and returns the ended execution. */
    static JsonObject run(Api admin, String body) {
        Api.Reply started = admin.postJson("/api/v1/batch/executions", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long id = started.json().getJsonNumber("id").longValue();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonObject execution = admin.get("/api/v1/batch/executions/" + id).json();
            String status = execution.getString("status");
            if (!status.equals("starting") && !status.equals("started")) {
                return execution;
            }
            Deletions.sleep(250);
        }
        throw new AssertionError("batch execution " + id + " did not end within 60 s");
    }
}
