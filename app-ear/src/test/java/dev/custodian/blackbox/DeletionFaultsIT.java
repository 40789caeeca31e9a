package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A deletion survives the store going away and the service being killed mid-way. */
class DeletionFaultsIT {

    private final Api app = Api.asApp();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;

    @Test
    void aStoreOutageDelaysTheDeletionWhichReportsErrorsAndFinishesOnceTheStoreIsBack() {
        for (int i = 0; i < 3; i++) {
            Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                    .field("project_id", project).field("file_type", "audio")
                    .file("f" + i + ".mp3", "audio/mpeg", new byte[] {1}));
            assertThat(reply.status()).isEqualTo(201);
        }
        S3ProxyServer.shared().pause();
        String id;
        try {
            Api.Reply accepted = app.delete("/api/v1/projects/" + project);
            assertThat(accepted.status()).as("requests never wait for the store").isEqualTo(202);
            id = accepted.json().getString("id");
            JsonObject during = awaitErrors(id);
            assertThat(during.getString("state")).isIn("queued", "running");
            assertThat(during.getJsonArray("errors").getJsonObject(0).getString("code")).isNotBlank();
            assertThat(during.getJsonNumber("deleted").longValue()).isZero();
        } finally {
            S3ProxyServer.shared().resume();
        }
        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofSeconds(90));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(3);
        assertThat(done.getJsonArray("errors")).as("errors clear once keys are deleted").isEmpty();
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
    }

    @Test
    void keysThatKeepFailingEndDeleteFailedAndARetryFinishesTheJob() {
        String key = null;
        for (int i = 0; i < 2; i++) {
            Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                    .field("project_id", project).field("file_type", "audio")
                    .file("f" + i + ".mp3", "audio/mpeg", new byte[] {1}));
            key = reply.json().getString("key");
        }
        S3ProxyServer.shared().pause();
        String id;
        try {
            id = app.delete("/api/v1/projects/" + project).json().getString("id");
            awaitFailed(id, 2);
        } finally {
            S3ProxyServer.shared().resume();
        }
        JsonObject withErrors = Deletions.awaitFinished(app, id, Duration.ofSeconds(60));
        assertThat(withErrors.getString("state")).isEqualTo("completed_with_errors");
        assertThat(withErrors.getJsonObject("verification").getBoolean("is_clean")).isFalse();
        assertThat(withErrors.getJsonObject("verification").getJsonArray("remaining_keys")).hasSize(2);
        assertThat(Bucket.read(key)).as("never silently dropped: still there, reported").isPresent();
        var failedKeys = app.get("/api/v1/deletions/" + id + "/keys?outcome=failed").json().getJsonArray("items")
                .getValuesAs(JsonObject.class);
        assertThat(failedKeys).hasSize(2).allSatisfy(k -> assertThat(k.getString("error")).isNotBlank());

        Api.Reply retried = app.post("/api/v1/deletions/" + id + "/retry");
        assertThat(retried.status()).isEqualTo(202);
        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofSeconds(60));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(2);
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
        Api.Reply again = app.post("/api/v1/deletions/" + id + "/retry");
        assertThat(again.status()).as("no failed key is left to retry").isEqualTo(409);
        assertThat(again.json().getString("type")).endsWith("/nothing-to-retry");
    }

    /** Waits until the deletion counts {@code count} keys as delete_failed (failing for the give-up age). */
    private void awaitFailed(String id, long count) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (app.get("/api/v1/deletions/" + id).json().getJsonNumber("failed").longValue() == count) {
                return;
            }
            Deletions.sleep(250);
        }
        throw new AssertionError("keys did not reach delete_failed while the store was down");
    }

    private JsonObject awaitErrors(String id) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            JsonObject deletion = app.get("/api/v1/deletions/" + id).json();
            if (!deletion.getJsonArray("errors").isEmpty()) {
                return deletion;
            }
            Deletions.sleep(100);
        }
        throw new AssertionError("no per-key errors reported while the store was down");
    }

    @Test
    void aKilledServiceResumesTheDeletionAfterRestartAndFinishesIt() throws Exception {
        int objects = 20_000;
        LedgerSeed.trackedProject(user, project, objects, "standard", Instant.now());

        Api.Reply accepted = app.delete("/api/v1/projects/" + project);
        assertThat(accepted.json().getJsonNumber("total").longValue()).isEqualTo(objects);
        String id = accepted.json().getString("id");
        long deletedAtKill = awaitSomeDeleted(id);
        CustodianServer.shared().kill();
        assertThat(deletedAtKill).as("killed mid-way").isBetween(1L, objects - 1L);

        CustodianServer.shared().start();
        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofSeconds(180));

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(objects);
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(Bucket.keys("users/" + user + "/projects/" + project + "/")).isEmpty();
        assertThat(LedgerSeed.count("select count(*) from stored_object where project_id = ? and state <> 'deleted'",
                project)).as("no record left deleting").isZero();
    }

    private long awaitSomeDeleted(String id) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            long deleted = app.get("/api/v1/deletions/" + id).json().getJsonNumber("deleted").longValue();
            if (deleted > 0) {
                return deleted;
            }
            Deletions.sleep(20);
        }
        throw new AssertionError("nothing deleted within 60 s");
    }
}
