package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5 "Done when": the bucket against the ledger both ways, through the real service. */
class MaintenanceApiIT {

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String prefix = "users/" + user + "/";

    @Test
    void plantedOrphansAreFoundExactlyAndAConfirmedRunQuarantinesAndMarksOnlyThose() throws Exception {
        String kept = upload("kept.png");
        String lostA = upload("lost-a.png");
        String lostB = upload("lost-b.png");
        Bucket.deleteBatch(List.of(key(lostA), key(lostB)));
        String oldA = prefix + "projects/p1/images/orphan-a.png";
        String oldB = prefix + "projects/p1/images/orphan-b.png";
        String young = prefix + "projects/p1/images/orphan-young.png";
        plant(oldA, 40);
        plant(oldB, 40);
        plant(young, 0);
        Set<String> before = Set.copyOf(Bucket.keys(prefix));

        JsonObject dry = awaitRun(start("{\"key_prefix\": \"" + prefix + "\", \"orphan_action\": \"quarantine\","
                + " \"missing_action\": \"mark_missing\"}"));
        assertThat(dry.getString("state")).isEqualTo("completed");
        assertThat(dry.getBoolean("dry_run")).isTrue();
        assertThat(findings(dry, "orphaned_file")).containsExactlyInAnyOrder(oldA, oldB, young);
        assertThat(findings(dry, "orphaned_record")).containsExactlyInAnyOrder(key(lostA), key(lostB));
        assertThat(dry.getJsonObject("summary").getInt("orphaned_files")).isEqualTo(3);
        assertThat(dry.getJsonObject("summary").getInt("orphaned_records")).isEqualTo(2);
        assertThat(dry.getJsonObject("storage_to_db").getInt("objects_scanned")).isEqualTo(4);
        assertThat(dry.getJsonObject("db_to_storage").getInt("records_checked")).isEqualTo(3);
        assertThat(Set.copyOf(Bucket.keys(prefix))).as("a dry run changes nothing").isEqualTo(before);
        assertThat(state(lostA)).isEqualTo("active");

        String report = admin.get("/api/v1/maintenance/runs/" + dry.getString("id") + "/report").body();
        assertThat(report).startsWith("=== Storage Maintenance Report ===\nTimestamp: ")
                .contains("=== DB → Storage Check ===\n⚠️  Found 2 orphaned records:\n")
                .contains("  - " + oldA + " (created: " + Instant.now().minus(40, ChronoUnit.DAYS).toString().substring(0, 10))
                .contains("=== Summary ===\nOrphaned files: 3\nOrphaned records: 2\n");
        Api.Reply csv = admin.get("/api/v1/maintenance/runs/" + dry.getString("id") + "/report.csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("kind,key,size_bytes,created_at,actionable,outcome,detail\r\n")
                .contains("orphaned_file," + young + ",").contains("orphaned_record," + key(lostA) + ",");

        // an object that appears after the dry run is not one of its findings, however old it looks
        String late = prefix + "projects/p1/images/late.png";
        plant(late, 40);

        String token = dry.getString("confirmation_token");
        String execute = "{\"dry_run\": false, \"key_prefix\": \"" + prefix + "\", \"orphan_action\": \"quarantine\","
                + " \"missing_action\": \"mark_missing\", \"confirmation_token\": \"%s\"}";
        Api.Reply capped = admin.postJson("/api/v1/maintenance/runs",
                execute.formatted(token).replace("{", "{\"max_delete\": 1, "));
        assertThat(capped.status()).as("two files to move, max_delete 1").isEqualTo(409);
        assertThat(capped.json().getString("detail")).contains("more than max_delete 1");
        assertThat(Bucket.keys(prefix)).as("refused before anything moved").contains(oldA, oldB);

        JsonObject done = awaitRun(start(execute.formatted(token)));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonObject("actions").getInt("quarantined")).isEqualTo(2);
        assertThat(done.getJsonObject("actions").getInt("records_marked")).isEqualTo(2);
        String quarantine = "_quarantine/" + done.getString("id") + "/";
        assertThat(Bucket.keys(quarantine)).containsExactlyInAnyOrder(quarantine + oldA, quarantine + oldB);
        assertThat(Bucket.read(quarantine + oldA)).contains(bytesOf(oldA));
        assertThat(Bucket.keys(prefix)).contains(young, late, key(kept)).doesNotContain(oldA, oldB);
        assertThat(state(lostA)).isEqualTo("missing");
        assertThat(state(kept)).isEqualTo("active");
        assertThat(admin.postJson("/api/v1/maintenance/runs", execute.formatted(token)).status())
                .as("a token acts once").isEqualTo(409);

        List<JsonObject> held = admin.get("/api/v1/quarantine?state=quarantined&limit=1000").json()
                .getJsonArray("items").stream().map(v -> v.asJsonObject())
                .filter(q -> q.getString("original_key").startsWith(prefix)).toList();
        assertThat(held).extracting(q -> q.getString("original_key")).containsExactlyInAnyOrder(oldA, oldB);
        JsonObject a = held.stream().filter(q -> q.getString("original_key").equals(oldA)).findFirst().orElseThrow();
        Api.Reply restored = admin.post("/api/v1/quarantine/" + a.getString("id") + "/restore");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().getString("state")).isEqualTo("restored");
        assertThat(Bucket.read(oldA)).as("byte for byte").contains(bytesOf(oldA));
        assertThat(Bucket.read(quarantine + oldA)).isEmpty();
        assertThat(admin.post("/api/v1/quarantine/" + a.getString("id") + "/restore").status()).isEqualTo(409);

        JsonObject b = held.stream().filter(q -> q.getString("original_key").equals(oldB)).findFirst().orElseThrow();
        Bucket.put(oldB, "something new".getBytes(StandardCharsets.UTF_8));
        Api.Reply occupied = admin.post("/api/v1/quarantine/" + b.getString("id") + "/restore");
        assertThat(occupied.status()).as("never overwrites").isEqualTo(409);
        assertThat(Bucket.read(oldB)).contains("something new".getBytes(StandardCharsets.UTF_8));
        assertThat(Bucket.read(quarantine + oldB)).contains(bytesOf(oldB));
    }

    @Test
    void aConfirmedDeleteGoesThroughTheDeletionPipelineAndTheQuarantineIsNeverAnOrphan() throws Exception {
        String orphan = prefix + "projects/p2/output/stale.mp4";
        plant(orphan, 45);
        JsonObject dry = awaitRun(start("{\"key_prefix\": \"" + prefix + "\", \"orphan_action\": \"delete\"}"));
        assertThat(findings(dry, "orphaned_file")).containsExactly(orphan);
        JsonObject done = awaitRun(start("{\"dry_run\": false, \"key_prefix\": \"" + prefix + "\", \"orphan_action\":"
                + " \"delete\", \"confirmation_token\": \"" + dry.getString("confirmation_token") + "\"}"));
        assertThat(done.getJsonObject("actions").getInt("deleted")).isEqualTo(1);
        JsonObject deletion = Deletions.awaitFinished(app, done.getString("deletion_id"), java.time.Duration.ofSeconds(60));
        assertThat(deletion.getString("state")).isEqualTo("completed");
        assertThat(Bucket.read(orphan)).isEmpty();

        Bucket.put("_quarantine/" + UUID.randomUUID() + "/" + orphan, new byte[] {1});
        JsonObject whole = awaitRun(start("{\"key_prefix\": \"\"}"));
        assertThat(findings(whole, "orphaned_file")).noneMatch(k -> k.startsWith("_quarantine/"));
    }

    @Test
    void executionNeedsAFreshTokenOfTheSameParametersAndBadInputIsRefused() throws Exception {
        assertThat(admin.postJson("/api/v1/maintenance/runs", "{\"dry_run\": false, \"key_prefix\": \"" + prefix
                + "\"}").status()).as("no token").isEqualTo(409);
        assertThat(admin.postJson("/api/v1/maintenance/runs", "{\"dry_run\": false, \"key_prefix\": \"" + prefix
                + "\", \"confirmation_token\": \"made-up\"}").status()).as("wrong token").isEqualTo(409);
        JsonObject dry = awaitRun(start("{\"key_prefix\": \"" + prefix + "\"}"));
        Api.Reply other = admin.postJson("/api/v1/maintenance/runs", "{\"dry_run\": false, \"key_prefix\": \"" + prefix
                + "\", \"orphan_action\": \"delete\", \"confirmation_token\": \"" + dry.getString("confirmation_token")
                + "\"}");
        assertThat(other.status()).as("other parameters").isEqualTo(409);
        assertThat(other.json().getString("detail")).contains("other parameters");

        for (String bad : List.of("{\"key_prefix\": \"users/x\"}", "{\"orphan_min_age_days\": -1}",
                "{\"orphan_action\": \"shred\"}", "{\"missing_action\": \"forget\"}", "{\"surprise\": 1}",
                "{\"key_prefix\": \"_quarantine/\"}")) {
            Api.Reply refused = admin.postJson("/api/v1/maintenance/runs", bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
        }
        assertThat(app.postJson("/api/v1/maintenance/runs", "{}").status()).as("admin only").isEqualTo(403);

        UUID running = UUID.randomUUID();
        try (Connection db = PostgresDatabase.shared().connect(); var insert = db.prepareStatement(
                "insert into maintenance_run (id, state, dry_run, key_prefix, orphan_action, orphan_min_age_days,"
                        + " missing_action, max_delete, actor, trigger, created_at) values (?, 'running', true, '',"
                        + " 'report', 30, 'report', 0, 'test', 'api', now())")) {
            insert.setObject(1, running);
            insert.executeUpdate();
        }
        JsonObject fresh = awaitRunIgnoring(start("{\"key_prefix\": \"" + prefix + "\"}"));
        try {
            Api.Reply overlapping = admin.postJson("/api/v1/maintenance/runs", "{\"dry_run\": false, \"key_prefix\": \""
                    + prefix + "\", \"confirmation_token\": \"" + fresh.getString("confirmation_token") + "\"}");
            assertThat(overlapping.status()).as("overlaps a running run").isEqualTo(409);
            assertThat(overlapping.json().getString("detail")).contains(running.toString());
        } finally {
            try (Connection db = PostgresDatabase.shared().connect();
                 var done = db.prepareStatement("update maintenance_run set state = 'failed' where id = ?")) {
                done.setObject(1, running);
                done.executeUpdate();
            }
        }
    }

    @Test
    void theCronEndpointStartsADryRunForTheCronTokenOnly() {
        Api.Reply started = Api.withToken(CustodianServer.CRON_TOKEN).get("/api/cron/maintenance");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.json().getBoolean("dry_run")).isTrue();
        assertThat(started.json().getJsonObject("params").getString("key_prefix")).isEmpty();
        awaitRun(started);
        assertThat(app.get("/api/cron/maintenance").status()).isEqualTo(403);
        assertThat(Api.withToken("not-a-token-at-all-000").get("/api/cron/maintenance").status()).isEqualTo(401);
        assertThat(Api.withToken(CustodianServer.CRON_TOKEN).get("/api/v1/maintenance/runs").status())
                .as("the cron token opens nothing else").isEqualTo(403);
    }

    private Api.Reply start(String body) {
        Api.Reply reply = admin.postJson("/api/v1/maintenance/runs", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply;
    }

    private JsonObject awaitRun(Api.Reply started) {
        JsonObject run = awaitRunIgnoring(started);
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
        return run;
    }

    private JsonObject awaitRunIgnoring(Api.Reply started) {
        String id = started.json().getString("id");
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            JsonObject run = admin.get("/api/v1/maintenance/runs/" + id).json();
            if (!run.getString("state").equals("queued") && !run.getString("state").equals("running")) {
                return run;
            }
            Deletions.sleep(200);
        }
        throw new AssertionError("maintenance run " + id + " did not end within 120 s");
    }

    private List<String> findings(JsonObject run, String kind) {
        return admin.get("/api/v1/maintenance/runs/" + run.getString("id") + "/findings?limit=1000&kind=" + kind)
                .json().getJsonArray("items").stream().map(v -> v.asJsonObject().getString("key"))
                .collect(Collectors.toList());
    }

    private String upload(String filename) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", "p1").field("file_type", "images")
                .file(filename, "image/png", bytesOf(filename)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private String key(String objectId) {
        return app.get("/api/v1/objects/" + objectId).json().getString("key");
    }

    private String state(String objectId) {
        return app.get("/api/v1/objects/" + objectId).json().getString("state");
    }

    /** An untracked object, its file dated {@code daysAgo} back (S3Proxy reports the file's time). */
    private static void plant(String key, int daysAgo) throws Exception {
        Bucket.put(key, bytesOf(key));
        Files.setLastModifiedTime(S3ProxyServer.shared().bucketDirectory().resolve(key),
                FileTime.from(Instant.now().minus(daysAgo, ChronoUnit.DAYS)));
    }

    private static byte[] bytesOf(String name) {
        return ("bytes of " + name).getBytes(StandardCharsets.UTF_8);
    }
}
