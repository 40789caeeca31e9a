package dev.custodian.blackbox;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
        assertThat(run.getString("state")).as(() -> run + "\nthe server's last warnings:\n"
                + CustodianServer.shared().recentWarnings()).isEqualTo("completed");
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

    /** Every body is refused with a 400 problem; the path is admin only, and an unknown or malformed id is refused. */
    static void refusesBadInput(Api admin, Api app, String path, List<String> bodies) {
        for (String bad : bodies) {
            Api.Reply refused = admin.postJson(path, bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(app.postJson(path, "{}").status()).as("admin only").isEqualTo(403);
        assertThat(admin.get(path + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(admin.get(path + "/nope").status()).isEqualTo(400);
    }

    /** While a run of this kind (on {@code prefix}, or none) is running, the body is refused with a 409 naming it. */
    static void refusesOverlapWithARunningRun(Api admin, String path, String body, String kind, String prefix)
            throws Exception {
        UUID running = UUID.randomUUID();
        LedgerSeed.update("insert into bucket_run (id, kind, state, dry_run, key_prefix, max_objects, actor,"
                + " created_at) values (?, ?, 'running', true, ?, 10, 'test', now())", running, kind, prefix);
        try {
            Api.Reply overlapping = admin.postJson(path, body);
            assertThat(overlapping.status()).as(overlapping.toString()).isEqualTo(409);
            assertThat(overlapping.contentType()).startsWith("application/problem+json");
            assertThat(overlapping.json().getString("detail")).contains(running.toString());
        } finally {
            LedgerSeed.update("update bucket_run set state = 'failed' where id = ?", running);
        }
    }
}
