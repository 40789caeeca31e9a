package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Admin", quotas: a user's uploads stay within the quota, whichever way they come in. */
class QuotaIT {

    private final Api admin = Api.asAdmin();
    private final Api app = Api.asApp();
    private final String user = "u-" + UUID.randomUUID();

    private void setQuota(long maxBytes) {
        Api.Reply reply = admin.send("PUT", "/api/v1/users/" + user + "/quota", "application/json",
                ("{\"max_bytes\": " + maxBytes + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private Api.Reply upload(String filename, int size) {
        return app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user).field("file_type", "audio")
                .file(filename, "audio/mpeg", new byte[size]));
    }

    private Api.Reply announce(String filename, int size) {
        return app.postJson("/api/v1/uploads", """
                {"user_id": "%s", "file_type": "image", "filename": "%s", "size_bytes": %d}"""
                .formatted(user, filename, size));
    }

    private String key(String fileType, String filename) {
        return "users/" + user + "/" + fileType + "/" + filename;
    }

    private long ledgerRows() throws Exception {
        return LedgerSeed.count("SELECT count(*) FROM stored_object WHERE user_id = ?", user);
    }

    @Test
    void theQuotaShowsItsUseAndCanBeRemoved() {
        assertThat(app.get("/api/v1/users/" + user + "/quota").json().isNull("max_bytes")).isTrue();
        setQuota(100);
        assertThat(upload("a.mp3", 30).status()).isEqualTo(201);
        var quota = app.get("/api/v1/users/" + user + "/quota").json();
        assertThat(quota.getJsonNumber("max_bytes").longValue()).isEqualTo(100);
        assertThat(quota.getJsonNumber("used_bytes").longValue()).isEqualTo(30);
        assertThat(quota.getJsonNumber("objects").longValue()).isEqualTo(1);
        assertThat(admin.delete("/api/v1/users/" + user + "/quota").status()).isEqualTo(204);
        assertThat(app.get("/api/v1/users/" + user + "/quota").json().isNull("max_bytes")).isTrue();
        assertThat(upload("big.mp3", 500).status()).as("no quota, no limit").isEqualTo(201);
    }

    @Test
    void anUploadThatWouldCrossTheQuotaIsRefusedAndNothingIsStored() throws Exception {
        setQuota(100);
        assertThat(upload("a.mp3", 60).status()).isEqualTo(201);

        Api.Reply through = upload("b.mp3", 41);
        assertThat(through.status()).as(through.toString()).isEqualTo(413);
        assertThat(through.contentType()).startsWith("application/problem+json");
        assertThat(through.json().getString("detail")).contains(user);
        Api.Reply direct = announce("c.png", 41);
        assertThat(direct.status()).as(direct.toString()).isEqualTo(413);

        assertThat(ledgerRows()).isEqualTo(1);
        assertThat(Bucket.keys("users/" + user + "/")).containsExactly(key("audio", "a.mp3"));
        assertThat(LedgerSeed.count("SELECT count(*) FROM audit_event WHERE action = 'quota_exceeded' AND object_key = ?",
                key("audio", "b.mp3"))).isEqualTo(1);
        assertThat(upload("d.mp3", 40).status()).as("exactly up to the quota").isEqualTo(201);
    }

    @Test
    void aPendingAnnouncementCountsUntilItIsSettled() {
        setQuota(100);
        assertThat(announce("a.png", 70).status()).isEqualTo(201);
        assertThat(app.get("/api/v1/users/" + user + "/quota").json().getJsonNumber("used_bytes").longValue())
                .isEqualTo(70);
        assertThat(upload("b.mp3", 31).status()).isEqualTo(413);
    }

    @Test
    void twoConcurrentUploadsThatTogetherCrossTheQuotaCannotBothSucceed() throws Exception {
        setQuota(100);
        for (int round = 0; round < 3; round++) {
            CyclicBarrier start = new CyclicBarrier(2);
            String tag = "r" + round;
            List<CompletableFuture<Integer>> uploads = List.of(
                    CompletableFuture.supplyAsync(() -> await(start, () -> upload(tag + "-1.mp3", 60).status())),
                    CompletableFuture.supplyAsync(() -> await(start, () -> announce(tag + "-2.png", 60).status())));
            List<Integer> statuses = uploads.stream().map(CompletableFuture::join).toList();
            assertThat(statuses).as("round " + round).containsOnly(201, 413).containsOnlyOnce(201);
            assertThat(LedgerSeed.count("SELECT coalesce(sum(size_bytes), 0) FROM stored_object WHERE user_id = ?"
                    + " AND state IN ('active', 'pending')", user)).isEqualTo(60);
            LedgerSeed.update("DELETE FROM stored_object WHERE user_id = ?", user);
        }
    }

    @Test
    void badQuotasAreRefusedAndChangeNothing() {
        setQuota(100);
        for (String body : List.of("{\"max_bytes\": -1}", "{\"max_bytes\": \"ten\"}", "{\"max_bytes\": 1.5}", "{}",
                "{\"max_bytes\": 10, \"colour\": 1}")) {
            Api.Reply reply = admin.send("PUT", "/api/v1/users/" + user + "/quota", "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(admin.send("PUT", "/api/v1/users/bad%20id/quota", "application/json",
                "{\"max_bytes\": 1}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(app.get("/api/v1/users/" + user + "/quota").json().getJsonNumber("max_bytes").longValue())
                .isEqualTo(100);
        assertThat(app.send("PUT", "/api/v1/users/" + user + "/quota", "application/json",
                "{\"max_bytes\": 1}".getBytes(StandardCharsets.UTF_8)).status()).as("apps may not set quotas")
                .isEqualTo(403);
        assertThat(app.delete("/api/v1/users/" + user + "/quota").status()).isEqualTo(403);
    }

    private static <T> T await(CyclicBarrier barrier, java.util.function.Supplier<T> then) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return then.get();
    }
}
