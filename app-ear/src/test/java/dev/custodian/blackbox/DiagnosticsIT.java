package dev.custodian.blackbox;

import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Admin", diagnostics: real probes, bounded in time, and never a secret in the body. */
class DiagnosticsIT {

    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private static void assertNoSecretIn(String body) {
        assertThat(body).doesNotContain(CustodianServer.ADMIN_TOKEN, CustodianServer.APP_TOKEN,
                CustodianServer.CRON_TOKEN, S3ProxyServer.SECRET_KEY, S3ProxyServer.ACCESS_KEY);
    }

    @Test
    void everyPartAnswersAndSecretsShowOnlyAsSet() throws Exception {
        Api.Reply reply = healthyReport();
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertNoSecretIn(reply.body());
        JsonObject report = reply.json();
        assertThat(report.getBoolean("healthy")).as(reply.body()).isTrue();
        assertThat(report.getString("version")).isNotBlank().isNotEqualTo("unknown");

        JsonObject bucket = report.getJsonObject("bucket");
        assertThat(bucket.getString("name")).isEqualTo(S3ProxyServer.BUCKET);
        assertThat(bucket.getString("key")).startsWith("_custodian/diagnostics/" + report.getString("instance_id") + "/");
        assertThat(bucket.getJsonArray("steps").getValuesAs(JsonObject.class))
                .extracting(s -> s.getString("name") + ":" + s.getString("outcome"))
                .containsExactly("list:ok", "write:ok", "read:ok", "delete:ok");
        assertThat(bucket.getJsonArray("steps").getJsonObject(1).getJsonNumber("latency_ms").longValue())
                .isNotNegative();
        assertThat(Bucket.keys("_custodian/")).as("the probe cleans up after itself").isEmpty();
        JsonObject versioning = report.getJsonObject("versioning");
        assertThat(versioning.getString("status")).isEqualTo("up");
        assertThat(versioning.getJsonObject("found").getString("state")).as("S3Proxy keeps no versions")
                .isEqualTo("unversioned");
        assertThat(versioning.getJsonObject("found").getBoolean("erases_every_version")).isFalse();

        JsonObject database = report.getJsonObject("database");
        assertThat(database.getString("status")).isEqualTo("up");
        assertThat(database.getJsonObject("found").getString("schema_version")).isEqualTo(String.valueOf(
                LedgerSeed.count("select max(version::int) from flyway_schema_history where success")));
        assertThat(database.getJsonObject("found").getInt("migrations_pending")).isZero();
        assertThat(report.getJsonObject("batch").getString("status")).isEqualTo("up");
        assertThat(report.getJsonObject("instances").getJsonArray("found").getValuesAs(JsonObject.class))
                .anySatisfy(i -> {
                    assertThat(i.getString("id")).isEqualTo(report.getString("instance_id"));
                    assertThat(i.getBoolean("self")).isTrue();
                });

        JsonObject configuration = report.getJsonObject("configuration");
        assertThat(configuration.getString("custodian.s3.secret-key")).isEqualTo("set");
        assertThat(configuration.getString("custodian.s3.access-key")).isEqualTo("set");
        assertThat(configuration.getString("custodian.auth.tokens")).isEqualTo("set");
        assertThat(configuration.getString("custodian.cron.secret")).isEqualTo("not set");
        assertThat(configuration.getString("custodian.db.password")).isEqualTo("not set");
        assertThat(configuration.getString("custodian.s3.bucket")).isEqualTo(S3ProxyServer.BUCKET);
        assertThat(configuration.getString("custodian.deletion.batch-size")).as("set by the environment")
                .isEqualTo("250");
        assertThat(configuration.getString("custodian.deletion.max-attempts")).as("a default").isEqualTo("8");
        assertThat(configuration.getString("custodian.uploads.max-bytes")).isEqualTo("5368709120");
    }

    @Test
    void aFrozenStoreStillGetsAnAnswerWithinFiveSeconds() {
        S3ProxyServer.shared().freeze();
        Api.Reply reply;
        Duration took;
        try {
            Instant start = Instant.now();
            reply = admin.get("/api/v1/admin/diagnostics");
            took = Duration.between(start, Instant.now());
        } finally {
            S3ProxyServer.shared().thaw();
        }
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertNoSecretIn(reply.body());
        JsonObject report = reply.json();
        assertThat(report.getBoolean("healthy")).isFalse();
        JsonObject bucket = report.getJsonObject("bucket");
        assertThat(bucket.getString("status")).startsWith("down");
        assertThat(bucket.getJsonArray("steps").getValuesAs(JsonObject.class))
                .noneSatisfy(s -> assertThat(s.getString("name") + s.getString("outcome")).isEqualTo("deleteok"));
        assertThat(report.getJsonObject("database").getString("status")).as("the database is not the store")
                .isEqualTo("up");
    }

    @Test
    void regularRolesMayNotSeeIt() {
        assertThat(Api.asApp().get("/api/v1/admin/diagnostics").status()).isEqualTo(403);
        assertThat(Api.withToken(CustodianServer.CRON_TOKEN).get("/api/v1/admin/diagnostics").status())
                .isEqualTo(403);
    }

    @Test
    void maintenanceNeverReportsTheReservedPrefixAsOrphaned() {
        String prefix = "_custodian/diagnostics/" + tag + "/";
        String leftBehind = prefix + "left-behind";
        Bucket.put(leftBehind, "x".getBytes(StandardCharsets.UTF_8));
        try {
            Api.Reply started = admin.postJson("/api/v1/maintenance/runs", "{\"key_prefix\": \"" + prefix + "\"}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            String id = started.json().getString("id");
            JsonObject run = admin.get("/api/v1/maintenance/runs/" + id).json();
            for (int i = 0; i < 600 && List.of("queued", "running").contains(run.getString("state")); i++) {
                Deletions.sleep(200);
                run = admin.get("/api/v1/maintenance/runs/" + id).json();
            }
            assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
            assertThat(run.getJsonObject("summary").getInt("orphaned_files")).as(run.toString()).isZero();
            assertThat(admin.get("/api/v1/maintenance/runs/" + id + "/findings?kind=orphaned_file").json()
                    .getJsonArray("items")).isEmpty();
        } finally {
            Bucket.deleteBatch(List.of(leftBehind));
        }
    }

    /** A run still hung from an earlier test (the frozen store) is shared; wait for a fresh, whole one. */
    private Api.Reply healthyReport() {
        Api.Reply reply = admin.get("/api/v1/admin/diagnostics");
        for (int i = 0; i < 40 && reply.status() == 200 && !reply.json().getBoolean("healthy"); i++) {
            Deletions.sleep(500);
            reply = admin.get("/api/v1/admin/diagnostics");
        }
        return reply;
    }
}
