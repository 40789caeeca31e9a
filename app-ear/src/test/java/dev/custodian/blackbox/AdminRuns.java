package dev.custodian.blackbox;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting bucket runs ({@code /admin/backfill}, {@code /admin/migrations}, {@code /admin/clear}) and polling them. */
final class AdminRuns {

    private AdminRuns() {
    }

    /** Starts a run (202), then waits for it to end; returns the ended run. */
    static JsonObject run(Api admin, String path, String body) {
        Api.Reply started = admin.postJson(path, body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.json().containsKey("total")).isTrue();
        assertThat(started.json().containsKey("done")).isTrue();
        return await(admin, path, started.json().getString("id"), Duration.ofSeconds(120));
    }

    /** Like {@link #run}, and the run must have completed. */
    static JsonObject completed(Api admin, String path, String body) {
        JsonObject run = run(admin, path, body);
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
        return run;
    }

    static JsonObject await(Api admin, String path, String id, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            JsonObject run = admin.get(path + "/" + id).json();
            if (!run.getString("state").equals("queued") && !run.getString("state").equals("running")) {
                return run;
            }
            Deletions.sleep(200);
        }
        throw new AssertionError(path + "/" + id + " did not end within " + patience);
    }
}
