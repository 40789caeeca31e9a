package dev.custodian.blackbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.FreePorts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 003's storage threshold and email summaries, against a real SMTP server (GreenMail) on a
 * free port: a crossing starts one dry run of the bulk cleanup, announced by webhook and mail, and
 * again only after the bytes fell below the lower mark; a maintenance run's summary waits out an
 * SMTP outage in the outbox and goes once when the server is back, never twice.
 */
class MailAndThresholdIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int SMTP_PORT = FreePorts.next();
    private static final String CONSOLE = "http://console.example/console/";
    /** A bucket of its own, so the bucket's live bytes are this class's alone. */
    private static final String BUCKET = "mail-" + UUID.randomUUID().toString().substring(0, 8);
    private static final long THRESHOLD = 3000;
    private static GreenMail smtp;

    @RegisterExtension
    static final OwnServer SERVER = new OwnServer(() -> {
        smtp = startSmtp();
        return Map.ofEntries(Map.entry("CUSTODIAN_S3_BUCKET", Bucket.create(BUCKET)),
                Map.entry("CUSTODIAN_MAIL_HOST", "127.0.0.1"),
                Map.entry("CUSTODIAN_MAIL_PORT", Integer.toString(SMTP_PORT)),
                Map.entry("CUSTODIAN_MAIL_FROM", "custodian@example.com"),
                Map.entry("CUSTODIAN_MAIL_TO", "ops@example.com, oncall@example.org"),
                Map.entry("CUSTODIAN_MAIL_CONSOLE_URL", CONSOLE),
                Map.entry("CUSTODIAN_MAIL_BACKOFF_BASE", "PT0.5S"),
                Map.entry("CUSTODIAN_MAIL_BACKOFF_MAX", "PT1S"),
                Map.entry("CUSTODIAN_MAIL_TIMEOUT", "PT3S"),
                Map.entry("CUSTODIAN_CLEANUP_THRESHOLD_BYTES", Long.toString(THRESHOLD)),
                Map.entry("CUSTODIAN_CLEANUP_THRESHOLD_REARM_PERCENT", "50"),
                Map.entry("CUSTODIAN_CLEANUP_THRESHOLD_CHECK_INTERVAL", "PT1S"));
    });

    private final Api admin = Api.of(SERVER.get(), CustodianServer.ADMIN_TOKEN);
    private final Api app = Api.of(SERVER.get(), CustodianServer.APP_TOKEN);
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    void aCrossingStartsOneDryRunAnnouncedByWebhookAndMailAndAnotherOnlyAfterFallingBelowTheLowerMark()
            throws Exception {
        List<JsonObject> posted = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(posted);
        String hook = "it-threshold-" + tag;
        try {
            Api.Reply created = admin.send("PUT", "/api/v1/webhooks/" + hook, "application/json", ("{\"url\": "
                    + "\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/\", \"events\": "
                    + "[\"storage.threshold_crossed\"], \"secret\": \"threshold-secret-0123456789\"}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(storage().isNull("crossed_at")).as("armed at the start").isTrue();

            String user = "t" + tag;
            upload(user, "a.mp3", 2000);
            upload(user, "b.mp3", 2000);

            MimeMessage first = Await.until("the crossing's mail", () -> mails("Storage threshold crossed"),
                    found -> found.size() == 1, PATIENCE).get(0);
            assertThat(first.getSubject()).isEqualTo("[Custodian] Storage threshold crossed: The bucket holds 3.9 KiB"
                    + " of 2.9 KiB");
            assertThat(Arrays.stream(first.getAllRecipients()).map(Object::toString))
                    .containsExactly("ops@example.com", "oncall@example.org");
            assertThat(GreenMailUtil.getBody(first)).contains("4000 bytes").contains("dry run")
                    .contains(CONSOLE + "#/overview");
            JsonObject event = Await.until("the webhook", () -> posted, list -> !list.isEmpty(), PATIENCE).get(0);
            assertThat(event.getString("type")).isEqualTo("storage.threshold_crossed");
            JsonObject data = event.getJsonObject("data");
            assertThat(data.getJsonNumber("live_bytes").longValue()).isEqualTo(4000);
            assertThat(data.getJsonNumber("threshold_bytes").longValue()).isEqualTo(THRESHOLD);
            assertThat(data.getJsonObject("cleanup").getBoolean("dry_run")).as("a dry run by default").isTrue();
            assertThat(LedgerSeed.count("select count(*) from audit_event where action = 'threshold_crossed'"
                    + " and actor = 'threshold' and detail like ?", "bucket: 4000 bytes%")).isEqualTo(1);
            JsonObject storage = Await.until("the overview's figures (cached 5 s)", () -> storage(),
                    s -> s.getJsonNumber("live_bytes").longValue() == 4000, PATIENCE);
            assertThat(storage.getJsonNumber("threshold_bytes").longValue()).isEqualTo(THRESHOLD);
            assertThat(storage.isNull("crossed_at")).isFalse();

            Deletions.sleep(3000);
            String more = upload(user, "c.mp3", 500);
            Deletions.sleep(3000);
            assertThat(mails("Storage threshold crossed")).as("still over: no second crossing").hasSize(1);

            assertThat(app.delete("/api/v1/objects/" + more).status()).isEqualTo(202);
            Await.until("still crossed at 4000 bytes, above the lower mark of 1500", () -> storage(),
                    s -> s.getJsonNumber("live_bytes").longValue() == 4000, PATIENCE);
            Deletions.sleep(2000);
            assertThat(storage().isNull("crossed_at")).isFalse();
            assertThat(app.delete("/api/v1/users/" + user).status()).isEqualTo(202);
            Await.until("armed again below the lower mark", () -> storage(), s -> s.isNull("crossed_at"), PATIENCE);

            upload("u" + tag, "d.mp3", 3500);
            Await.until("the second crossing's mail", () -> mails("Storage threshold crossed"),
                    found -> found.size() == 2, PATIENCE);
            Await.until("the second webhook", () -> posted, list -> list.size() == 2, PATIENCE);
        } finally {
            admin.delete("/api/v1/webhooks/" + hook);
            receiver.stop(0);
        }
    }

    @Test
    void aSummaryDueWhileTheSmtpServerIsDownGoesOnceWhenItIsBack() throws Exception {
        smtp.stop();
        String runId;
        try {
            Api.Reply started = admin.postJson("/api/v1/maintenance/runs", "{\"key_prefix\": \"users/m" + tag + "/\"}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            runId = started.json().getString("id");
            Await.until("the dry run", () -> admin.get("/api/v1/maintenance/runs/" + runId).json().getString("state"),
                    "completed"::equals, PATIENCE);
            Await.until("a failed attempt in the outbox", () -> outboxRow(runId, "attempts > 0 and last_error is not null"
                    + " and state = 'pending'"), n -> n == 1, PATIENCE);
        } finally {
            smtp = startSmtp();
        }

        MimeMessage summary = Await.until("the summary, once the server is back", () -> mails(runId),
                found -> !found.isEmpty(), PATIENCE).get(0);
        assertThat(summary.getSubject()).startsWith("[Custodian] Maintenance dry run: 0 orphaned files");
        assertThat(GreenMailUtil.getBody(summary)).contains("Found:").contains("Deleted:").contains("Kept:")
                .contains(CONSOLE + "#/maintenance/" + runId);
        assertThat(outboxRow(runId, "state = 'delivered'")).isEqualTo(1);
        Deletions.sleep(3000);
        assertThat(mails(runId)).as("sent once, not again on a retry").hasSize(1);
        assertThat(summary.getMessageID()).matches("<custodian\\.[0-9]+\\.[0-9]+@custodian\\.invalid>");
    }

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    /**
     * The copies of the mails for ops@example.com whose subject or body contains {@code text}: GreenMail
     * keeps a copy per recipient, so a mail sent twice shows here twice.
     */
    private static List<MimeMessage> mails(String text) {
        return smtp.findReceivedMessages(user -> user.getEmail().equals("ops@example.com"), m -> {
            try {
                return (m.getSubject() + GreenMailUtil.getBody(m)).contains(text);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private long outboxRow(String text, String condition) {
        try {
            return LedgerSeed.count("select count(*) from mail_outbox where body like ? and " + condition,
                    "%" + text + "%");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonObject storage() {
        return admin.get("/api/v1/admin/overview").json().getJsonObject("storage");
    }

    private String upload(String user, String filename, int size) {
        Api.Reply stored = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("file_type", "audio").file(filename, "audio/mpeg", new byte[size]));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        return stored.json().getString("id");
    }

    private static HttpServer receiver(List<JsonObject> posted) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                posted.add(Json.createReader(new StringReader(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8))).readObject());
                exchange.sendResponseHeaders(204, -1);
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        });
        server.start();
        return server;
    }
}
