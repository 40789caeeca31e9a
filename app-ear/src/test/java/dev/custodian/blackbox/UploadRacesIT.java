package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads that replace a key race the operations that share its owner: every answer is a clean
 * 201, 409 or 413, and no byte is left that the ledger does not know.
 */
class UploadRacesIT {

    private static final int KEYS = 5;

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String user = "r" + UUID.randomUUID().toString().substring(0, 8);

    private Api.Reply upload(String filename, int size, boolean replace) {
        return app.postMultipart("/api/v1/objects" + (replace ? "?on_conflict=replace" : ""), new Multipart()
                .field("user_id", user).field("project_id", "p1").field("scene_id", "s1").field("file_type", "audio")
                .file(filename, "audio/mpeg", new byte[size]));
    }

    private static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void replacesRacingTheOwnersDeletionAnswer201Or409AndLeaveNothingBehind() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            assertThat(upload("f" + i + ".mp3", 100, false).status()).isEqualTo(201);
        }
        List<Callable<Api.Reply>> calls = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < KEYS; i++) {
                int key = i;
                calls.add(() -> upload("f" + key + ".mp3", 200 + key, true));
            }
            if (round == 1) {
                calls.add(() -> app.delete("/api/v1/users/" + user));
            }
        }

        List<Api.Reply> replies = together(calls);

        String deletion = null;
        for (Api.Reply reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isIn(201, 202, 409);
            if (reply.status() == 202) {
                deletion = reply.json().getString("id");
            } else if (reply.status() == 409) {
                assertThat(reply.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(deletion).as("the deletion was accepted").isNotNull();
        JsonObject done = Deletions.awaitFinished(app, deletion, Duration.ofSeconds(90));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(Bucket.keys("users/" + user + "/")).as("no bytes outlive the deletion").isEmpty();
        assertThat(app.get("/api/v1/objects?user_id=" + user).json().getJsonArray("items")).isEmpty();
        assertThat(upload("late.mp3", 10, true).status()).as("the user is gone").isEqualTo(409);
    }

    @Test
    void parallelReplacesTogetherNeverCrossTheQuota() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            assertThat(upload("q" + i + ".mp3", 1000, false).status()).isEqualTo(201);
        }
        long quota = 10_000;
        assertThat(admin.send("PUT", "/api/v1/users/" + user + "/quota", "application/json",
                ("{\"max_bytes\": " + quota + "}").getBytes()).status()).isIn(200, 201);
        List<Callable<Api.Reply>> calls = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < KEYS; i++) {
                int key = i;
                // each replacement alone fits (5,000 + 2,000); all five together (15,000) do not
                calls.add(() -> upload("q" + key + ".mp3", 3000, true));
            }
        }

        List<Api.Reply> replies = together(calls);

        long accepted = replies.stream().filter(r -> r.status() == 201).count();
        for (Api.Reply reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isIn(201, 409, 413);
        }
        assertThat(accepted).as("some replacements fit").isPositive();
        JsonObject use = admin.get("/api/v1/users/" + user + "/quota").json();
        assertThat(use.getJsonNumber("used_bytes").longValue()).isLessThanOrEqualTo(quota);
        long stored = Bucket.keys("users/" + user + "/").stream().mapToLong(k -> Bucket.read(k).orElseThrow().length)
                .sum();
        assertThat(stored).as("the bucket agrees with the ledger").isEqualTo(use.getJsonNumber("used_bytes").longValue());
    }
}
