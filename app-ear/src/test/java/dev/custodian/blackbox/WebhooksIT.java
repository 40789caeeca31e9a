package dev.custodian.blackbox;

import com.sun.net.httpserver.HttpServer;
import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.FreePorts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Admin", webhooks: registered, signed deliveries from the outbox, surviving a restart. */
class WebhooksIT {

    private static final Duration FINISH = Duration.ofSeconds(60);

    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "it-hook-" + tag;
    private final String secret = "s3cret-" + UUID.randomUUID();
    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void removeWebhookAndReceivers() {
        // the server outlives this class: a webhook left behind would post to a dead port for ever
        admin.delete("/api/v1/webhooks/" + name);
        receivers.forEach(Receiver::close);
    }

    @Test
    void aReceiverGetsASignedDeletionCompletedWithTheDeletionsId() {
        Receiver receiver = receiver(FreePorts.next());
        Api.Reply created = put(name, receiver.url(), "deletion.completed", "deletion.failed");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("secret")).isEqualTo("set");
        assertThat(created.body()).doesNotContain(secret);
        assertThat(put(name, receiver.url(), "deletion.completed", "deletion.failed").status())
                .as("replaced").isEqualTo(200);
        Api.Reply listed = admin.get("/api/v1/webhooks");
        assertThat(listed.body()).contains(name).doesNotContain(secret);

        String deletionId = deleteProjectWithOneFile();

        Delivery delivery = receiver.await(d -> d.data().getString("deletion_id", "").equals(deletionId), FINISH);
        assertThat(delivery.header("X-Custodian-Signature")).isEqualTo(expectedSignature(delivery));
        assertThat(delivery.header("X-Custodian-Event")).isEqualTo("deletion.completed");
        assertThat(delivery.header("X-Custodian-Timestamp")).matches("[0-9]+");
        assertThat(delivery.json().getString("type")).isEqualTo("deletion.completed");
        assertThat(delivery.json().getString("id")).isEqualTo(delivery.header("X-Custodian-Event-Id"));
        assertThat(Instant.parse(delivery.json().getString("occurred_at"))).isBefore(Instant.now());
        JsonObject data = delivery.data();
        assertThat(data.getString("state")).isEqualTo("completed");
        assertThat(data.getJsonNumber("deleted").longValue()).isEqualTo(1);
        assertThat(data.getJsonObject("scope").getString("project_id")).isEqualTo("p" + tag);

        JsonObject row = awaitDeliveryState(delivery.header("X-Custodian-Event-Id"), "delivered");
        assertThat(row.getString("type")).isEqualTo("deletion.completed");
        assertThat(row.getInt("last_status")).isEqualTo(204);
        assertThat(row.getInt("attempts")).isEqualTo(1);
        assertThat(row.getString("delivered_at")).isNotNull();

        assertThat(admin.delete("/api/v1/webhooks/" + name).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/webhooks/" + name).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/webhooks/" + name + "/deliveries").status()).isEqualTo(404);
    }

    @Test
    void anUploadRefusedForItsQuotaIsAnnounced() {
        Receiver receiver = receiver(FreePorts.next());
        assertThat(put(name, receiver.url(), "quota.exceeded").status()).isEqualTo(201);
        String user = "q" + tag;
        assertThat(admin.send("PUT", "/api/v1/users/" + user + "/quota", "application/json",
                "{\"max_bytes\": 2}".getBytes()).status()).isEqualTo(200);

        Api.Reply refused = Api.asApp().postMultipart("/api/v1/objects", new Api.Multipart().field("user_id", user)
                .field("file_type", "audio").file("big.mp3", "audio/mpeg", new byte[] {1, 2, 3}));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);

        Delivery delivery = receiver.await(d -> d.data().getString("user_id", "").equals(user), FINISH);
        assertThat(delivery.header("X-Custodian-Signature")).isEqualTo(expectedSignature(delivery));
        assertThat(delivery.json().getString("type")).isEqualTo("quota.exceeded");
        assertThat(delivery.data().getJsonNumber("max_bytes").longValue()).isEqualTo(2);
        assertThat(delivery.data().getJsonNumber("attempted_bytes").longValue()).isEqualTo(3);
    }

    @Test
    void anEventForAReceiverThatWasDownArrivesAfterTheServiceRestarted() {
        int port = FreePorts.next();
        assertThat(put(name, "http://127.0.0.1:" + port + "/hook", "deletion.completed").status()).isEqualTo(201);

        String deletionId = deleteProjectWithOneFile();
        JsonObject failing = awaitDelivery(row -> row.getInt("attempts") >= 1 && !row.isNull("last_error"));
        assertThat(failing.getString("state")).isEqualTo("pending");
        assertThat(failing.isNull("last_status")).as("no HTTP answer at all").isTrue();

        CustodianServer.shared().kill();
        CustodianServer.shared().start();
        Receiver receiver = receiver(port);

        Delivery delivery = receiver.await(d -> d.data().getString("deletion_id", "").equals(deletionId),
                Duration.ofSeconds(90));
        assertThat(delivery.header("X-Custodian-Signature")).isEqualTo(expectedSignature(delivery));
        assertThat(delivery.header("X-Custodian-Event-Id")).isEqualTo(failing.getString("event_id"));
        JsonObject row = awaitDeliveryState(failing.getString("event_id"), "delivered");
        assertThat(row.getInt("attempts")).isGreaterThan(1);
    }

    @Test
    void aBulkCleanupAndAMaintenanceRunAreAnnouncedWithTheirSummaries() {
        Receiver receiver = receiver(FreePorts.next());
        assertThat(put(name, receiver.url(), "cleanup.completed", "maintenance.completed").status()).isEqualTo(201);

        Api.Reply cleanup = admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 3650, \"dry_run\": false}");
        assertThat(cleanup.status()).as(cleanup.toString()).isEqualTo(200);
        String deletionId = cleanup.json().getString("deletion_id");
        Delivery cleaned = receiver.await(d -> d.json().getString("type").equals("cleanup.completed")
                && d.data().getString("deletion_id", "").equals(deletionId), FINISH);
        assertThat(cleaned.header("X-Custodian-Signature")).isEqualTo(expectedSignature(cleaned));
        JsonObject summary = cleaned.data();
        assertThat(summary.keySet()).as("seed 003's summary fields").contains("success", "message", "deleted_count",
                "deleted_size_mb", "retained_count", "total_files_scanned", "dry_run", "deleted_files_sample",
                "retention_days");
        assertThat(summary.getJsonNumber("deleted_count").longValue())
                .isEqualTo(cleanup.json().getJsonNumber("deleted_count").longValue());
        assertThat(summary.getJsonNumber("temporary_count").longValue() + summary.getJsonNumber("final_count")
                .longValue() + summary.getJsonNumber("untracked_count").longValue())
                .isEqualTo(summary.getJsonNumber("deleted_count").longValue());
        assertThat(summary.getInt("retention_days")).isEqualTo(3650);
        assertThat(summary.getBoolean("dry_run")).isFalse();

        Api.Reply started = admin.postJson("/api/v1/maintenance/runs", "{\"key_prefix\": \"" + name + "/\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String runId = started.json().getString("id");
        Delivery maintained = receiver.await(d -> d.json().getString("type").equals("maintenance.completed")
                && d.data().getString("run_id", "").equals(runId), FINISH);
        JsonObject run = maintained.data();
        assertThat(run.getBoolean("dry_run")).isTrue();
        assertThat(run.getJsonObject("params").getString("key_prefix")).isEqualTo(name + "/");
        assertThat(run.getJsonObject("summary").getJsonNumber("orphaned_files").longValue()).isZero();
        assertThat(run.containsKey("confirmation_token")).as("the token is the admin's").isFalse();
    }

    @Test
    void badInputIsA400NamingTheFieldAndChangesNothing() {
        String url = "https://hooks.example.com/custodian";
        assertBadField(Map.of("url", "ftp://hooks.example.com/x", "events", List.of("deletion.completed"),
                "secret", secret), "url");
        assertBadField(Map.of("url", "/relative", "events", List.of("deletion.completed"), "secret", secret), "url");
        assertBadField(Map.of("url", "https://ops:hunter2@hooks.example.com/x", "events", List.of("deletion.completed"),
                "secret", secret), "url");
        assertBadField(Map.of("url", url, "events", List.of("deletion.completed", "deletion.started"),
                "secret", secret), "events");
        assertBadField(Map.of("url", url, "events", List.of(), "secret", secret), "events");
        assertBadField(Map.of("url", url, "events", List.of("quota.exceeded"), "secret", "too-short"), "secret");
        assertBadField(Map.of("url", url, "events", List.of("quota.exceeded"), "secret", secret, "colour", "red"),
                "colour");
        assertThat(admin.get("/api/v1/webhooks/" + name).status()).as("nothing created").isEqualTo(404);

        assertThat(put(name, url, "quota.exceeded").status()).isEqualTo(201);
        assertBadField(Map.of("url", "mailto:ops@example.com", "events", List.of("quota.exceeded"), "secret", secret),
                "url");
        assertThat(admin.get("/api/v1/webhooks/" + name).json().getString("url")).as("nothing replaced").isEqualTo(url);
        assertThat(admin.get("/api/v1/webhooks/" + name + "/deliveries?cursor=nope").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/webhooks/" + name + "/deliveries?limit=0").status()).isEqualTo(400);
        assertThat(Api.asApp().get("/api/v1/webhooks").status()).as("admin only").isEqualTo(403);
        assertThat(Api.asApp().send("PUT", "/api/v1/webhooks/" + name, "application/json",
                body(Map.of("url", url, "events", List.of("quota.exceeded"), "secret", secret))).status())
                .isEqualTo(403);
    }

    private void assertBadField(Map<String, Object> fields, String field) {
        Api.Reply reply = admin.send("PUT", "/api/v1/webhooks/" + name, "application/json", body(fields));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().getJsonArray("errors").stream().map(JsonValue::asJsonObject)
                .map(error -> error.getString("field"))).as(reply.toString()).containsExactly(field);
    }

    private Api.Reply put(String webhook, String url, String... events) {
        return admin.send("PUT", "/api/v1/webhooks/" + webhook, "application/json",
                body(Map.of("url", url, "events", List.of(events), "secret", secret)));
    }

    private static byte[] body(Map<String, Object> fields) {
        return Json.createObjectBuilder(fields).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Deletes a project holding one file and returns the deletion's id once it finished. */
    private String deleteProjectWithOneFile() {
        Api app = Api.asApp();
        Api.Reply uploaded = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", "u" + tag)
                .field("project_id", "p" + tag).field("file_type", "audio")
                .file("a.mp3", "audio/mpeg", new byte[] {1, 2, 3}));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        Api.Reply accepted = app.delete("/api/v1/projects/p" + tag);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().getString("id");
        assertThat(Deletions.awaitFinished(app, id, FINISH).getString("state")).isEqualTo("completed");
        return id;
    }

    /** What a receiver computes: HMAC-SHA256 of the timestamp header, '.', and the body as received. */
    private String expectedSignature(Delivery delivery) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((delivery.header("X-Custodian-Timestamp") + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(delivery.body()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonObject awaitDeliveryState(String eventId, String state) {
        return awaitDelivery(row -> row.getString("event_id").equals(eventId) && row.getString("state").equals(state));
    }

    /** Polls the webhook's newest deliveries until one matches. */
    private JsonObject awaitDelivery(Predicate<JsonObject> wanted) {
        Instant deadline = Instant.now().plus(FINISH);
        List<JsonObject> rows = List.of();
        while (Instant.now().isBefore(deadline)) {
            Api.Reply reply = admin.get("/api/v1/webhooks/" + name + "/deliveries?limit=50");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            rows = reply.json().getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
            Optional<JsonObject> found = rows.stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Deletions.sleep(200);
        }
        throw new AssertionError("no such delivery within " + FINISH + ": " + rows);
    }

    private Receiver receiver(int port) {
        Receiver receiver = new Receiver(port);
        receivers.add(receiver);
        return receiver;
    }

    /** One POST as the receiver got it: its headers and raw body bytes. */
    record Delivery(Map<String, List<String>> headers, byte[] body) {

        String header(String header) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(header))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonObject json() {
            try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
                return reader.readObject();
            }
        }

        JsonObject data() {
            return json().getJsonObject("data");
        }
    }

    /** A webhook receiver on loopback that answers 204 to every POST and keeps what it got. */
    static final class Receiver implements AutoCloseable {

        private final HttpServer server;
        private final List<Delivery> received = new CopyOnWriteArrayList<>();

        Receiver(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/hook", exchange -> {
                received.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        Delivery await(Predicate<Delivery> wanted, Duration limit) {
            Instant deadline = Instant.now().plus(limit);
            while (Instant.now().isBefore(deadline)) {
                Optional<Delivery> found = received.stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                Deletions.sleep(100);
            }
            throw new AssertionError("no such delivery within " + limit + "; got " + received.size());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
