package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, clear: exactly its prefix goes, records included, through the deletion pipeline. */
class ClearIT {

    private static final String PATH = "/api/v1/admin/clear";

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String user = "u" + UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "users/" + user + "/projects/p1/";

    @Test
    void aClearRemovesExactlyItsPrefixAfterADryRunAndAMaxDeleteThatChangeNothing() throws Exception {
        String kept = upload("p1", "a.png");
        upload("p1", "b.png");
        String lost = upload("p1", "lost.png");
        Bucket.deleteBatch(List.of(key(lost)));
        Bucket.put(prefix + "images/untracked-1.png", new byte[] {1});
        Bucket.put(prefix + "raw/untracked-2.bin", new byte[] {2, 2});
        String neighbour = upload("p10", "stays.png");
        List<String> before = Bucket.keys(prefix);
        assertThat(before).hasSize(4);

        Api.Reply wrong = admin.postJson(PATH, body(prefix, "not-the-bucket", false, null));
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
        assertThat(wrong.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("confirm");

        JsonObject dry = AdminRuns.completed(admin, PATH, body(prefix, S3ProxyServer.BUCKET, true, null));
        assertThat(dry.getJsonNumber("objects").longValue()).isEqualTo(4);
        assertThat(dry.getJsonNumber("records_without_object").longValue()).isEqualTo(1);
        assertThat(dry.getJsonNumber("total").longValue()).isEqualTo(5);
        assertThat(Bucket.keys(prefix)).as("a dry run changes nothing").isEqualTo(before);

        JsonObject capped = AdminRuns.run(admin, PATH, body(prefix, S3ProxyServer.BUCKET, false, 4));
        assertThat(capped.getString("state")).isEqualTo("failed");
        assertThat(capped.getString("error")).contains("more than max_delete 4");
        assertThat(Bucket.keys(prefix)).as("past max_delete nothing is deleted").isEqualTo(before);
        assertThat(state(kept)).isEqualTo("active");

        JsonObject cleared = AdminRuns.completed(admin, PATH, body(prefix, S3ProxyServer.BUCKET, false, null));
        JsonObject deletion = Deletions.awaitFinished(app, cleared.getString("deletion_id"), Duration.ofSeconds(60));
        assertThat(deletion.getString("state")).isEqualTo("completed");
        assertThat(deletion.getJsonNumber("total").longValue()).isEqualTo(5);
        assertThat(Bucket.keys(prefix)).isEmpty();
        assertThat(LedgerSeed.count("select count(*) from stored_object where object_key like ? and state <> 'deleted'",
                prefix + "%")).as("records included").isZero();
        assertThat(state(neighbour)).as("p10 is not under p1/").isEqualTo("active");
        assertThat(Bucket.read(key(neighbour))).isPresent();
        JsonObject polled = admin.get(PATH + "/" + cleared.getString("id")).json();
        assertThat(polled.getJsonNumber("done").longValue()).isEqualTo(5);
        assertThat(polled.getJsonNumber("deleted").longValue()).isEqualTo(5);
    }

    @Test
    void aClearIsRefusedWhileAMaintenanceRunOverlapsAndBadInputChangesNothing() throws Exception {
        UUID running = UUID.randomUUID();
        LedgerSeed.update("insert into maintenance_run (id, state, dry_run, key_prefix, orphan_action,"
                + " orphan_min_age_days, missing_action, max_delete, actor, trigger, created_at) values (?, 'running',"
                + " true, ?, 'report', 30, 'report', 0, 'test', 'api', now())", running, "users/" + user + "/");
        try {
            Api.Reply refused = admin.postJson(PATH, body(prefix, S3ProxyServer.BUCKET, false, null));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().getString("detail")).contains(running.toString());
        } finally {
            LedgerSeed.update("update maintenance_run set state = 'failed' where id = ?", running);
        }
        for (String bad : List.of(body("users/x", S3ProxyServer.BUCKET, true, null),
                body(prefix, S3ProxyServer.BUCKET, true, 0), "{\"confirm\": \"" + S3ProxyServer.BUCKET + "\"}",
                "{\"key_prefix\": \"" + prefix + "\"}")) {
            assertThat(admin.postJson(PATH, bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(app.postJson(PATH, body(prefix, S3ProxyServer.BUCKET, true, null)).status()).isEqualTo(403);
    }

    private static String body(String keyPrefix, String confirm, boolean dryRun, Integer maxDelete) {
        return "{\"key_prefix\": \"" + keyPrefix + "\", \"confirm\": \"" + confirm + "\", \"dry_run\": " + dryRun
                + (maxDelete == null ? "" : ", \"max_delete\": " + maxDelete) + "}";
    }

    private String upload(String project, String filename) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", project).field("file_type", "images")
                .file(filename, "image/png", filename.getBytes(StandardCharsets.UTF_8)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private String key(String id) {
        return app.get("/api/v1/objects/" + id).json().getString("key");
    }

    private String state(String id) {
        return app.get("/api/v1/objects/" + id).json().getString("state");
    }
}
