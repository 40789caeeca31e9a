package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24: maintenance and backfill scan an S3 Inventory report instead of listing the bucket, and
 * find what the listing finds — except what the report cannot know (a file removed since is
 * re-checked, a record written after it is never judged) — while a report that cannot be read is
 * refused, or fails the run, naming what is wrong.
 */
class InventoryIT {

    private static final String RUNS = "/api/v1/maintenance/runs";
    private static final String BACKFILL = "/api/v1/admin/backfill";

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String prefix = "users/" + user + "/";
    private final String reports = "inventory/" + tag + "/";

    @Test
    void maintenanceFromTheReportFindsWhatTheListingFindsAndJudgesNothingNewerThanTheReport() throws Exception {
        String kept = upload("kept.png");
        String lost = upload("lost.png");
        Bucket.deleteBatch(List.of(key(lost)));
        String old = prefix + "projects/p1/images/old orphan é.png";
        String young = prefix + "projects/p1/images/young+1.png";
        plant(old, 40);
        plant(young, 0);
        String removed = prefix + "projects/p1/images/removed since the report.png";
        Instant taken = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String manifest = report(taken, removed);
        String late = upload("late.png"); // written after the report, then lost behind the service's back
        Bucket.deleteBatch(List.of(key(late)));

        JsonObject listing = maintenance("{\"key_prefix\": \"" + prefix + "\"}");
        JsonObject inventory = maintenance("{\"key_prefix\": \"" + prefix + "\", \"inventory_manifest\": \"" + manifest
                + "\"}");
        assertThat(inventory.getString("inventory_created_at")).isEqualTo(taken.toString());
        assertThat(inventory.getJsonObject("params").getString("inventory_manifest")).isEqualTo(manifest);
        assertThat(listing.get("inventory_created_at").getValueType()).hasToString("NULL");

        assertThat(findings(inventory, "orphaned_file")).as("the removed file is re-checked and dropped")
                .containsExactlyInAnyOrderElementsOf(findings(listing, "orphaned_file")).containsExactlyInAnyOrder(old, young);
        assertThat(findings(listing, "orphaned_record")).containsExactlyInAnyOrder(key(lost), key(late));
        assertThat(findings(inventory, "orphaned_record")).as("the record written after the report is not judged")
                .containsExactly(key(lost));
        assertThat(inventory.getJsonObject("storage_to_db").getInt("objects_scanned")).as("the report's rows")
                .isEqualTo(listing.getJsonObject("storage_to_db").getInt("objects_scanned") + 1);
        assertThat(inventory.getJsonObject("db_to_storage").getInt("records_checked"))
                .isEqualTo(listing.getJsonObject("db_to_storage").getInt("records_checked") - 1);

        String execute = "{\"dry_run\": false, \"key_prefix\": \"" + prefix + "\", \"orphan_action\": \"quarantine\","
                + " \"confirmation_token\": \"%s\"%s}";
        JsonObject dry = maintenance("{\"key_prefix\": \"" + prefix + "\", \"orphan_action\": \"quarantine\","
                + " \"inventory_manifest\": \"" + manifest + "\"}");
        assertThat(admin.postJson(RUNS, execute.formatted(dry.getString("confirmation_token"), "")).status())
                .as("an execution names the report of its dry run").isEqualTo(409);
        JsonObject done = maintenance(execute.formatted(dry.getString("confirmation_token"),
                ", \"inventory_manifest\": \"" + manifest + "\""));
        assertThat(done.getJsonObject("actions").getInt("quarantined")).isEqualTo(1);
        assertThat(Bucket.keys(prefix)).doesNotContain(old).contains(young, key(kept));
    }

    @Test
    void backfillFromTheReportAdoptsWhatTheListingWouldAndNothingThatIsGone() throws Exception {
        String tracked = upload("tracked.png");
        List<String> untracked = List.of(prefix + "images/a b.png", prefix + "projects/p9/audio/çava 1.mp3",
                prefix + "junk");
        for (String key : untracked) {
            plant(key, 3);
        }
        String removed = prefix + "images/removed since.png";
        String manifest = report(Instant.now(), removed);

        JsonObject listing = AdminRuns.completed(admin, BACKFILL, "{\"key_prefix\": \"" + prefix + "\"}");
        JsonObject dry = AdminRuns.completed(admin, BACKFILL, "{\"key_prefix\": \"" + prefix + "\","
                + " \"inventory_manifest\": \"" + manifest + "\"}");
        assertThat(listing.getInt("adopted")).isEqualTo(2);
        assertThat(dry.getInt("adopted")).as("a dry run reports the report: the removed key too").isEqualTo(3);
        for (String field : List.of("already_tracked", "unparseable", "ambiguous", "owner_deleted")) {
            assertThat(dry.getInt(field)).as(field).isEqualTo(listing.getInt(field));
        }
        assertThat(dry.getJsonArray("unparseable_sample")).isEqualTo(listing.getJsonArray("unparseable_sample"));
        assertThat(dry.getString("inventory_created_at")).isNotNull();

        JsonObject real = AdminRuns.completed(admin, BACKFILL, "{\"key_prefix\": \"" + prefix + "\", \"dry_run\": false,"
                + " \"inventory_manifest\": \"" + manifest + "\"}");
        assertThat(real.getInt("adopted")).isEqualTo(2);
        assertThat(real.getInt("gone")).as("HEADed before adoption").isEqualTo(1);
        assertThat(real.getInt("already_tracked")).isEqualTo(1);
        JsonObject adopted = app.get("/api/v1/objects/by-key?key=" + encode(untracked.get(0))).json();
        assertThat(adopted.getString("state")).isEqualTo("active");
        assertThat(adopted.getJsonNumber("size_bytes").longValue()).as("as the HEAD found it")
                .isEqualTo(untracked.get(0).getBytes(StandardCharsets.UTF_8).length);
        assertThat(app.get("/api/v1/objects/by-key?key=" + encode(removed)).status()).isEqualTo(404);
        assertThat(key(tracked)).startsWith(prefix);
    }

    @Test
    void aReportThatCannotBeReadIsRefusedOrFailsItsRunNamingWhatIsWrongAndChangesNothing() throws Exception {
        String good = report(Instant.now());
        String json = new String(Bucket.read(good).orElseThrow(), StandardCharsets.UTF_8);
        refused("{\"inventory_manifest\": \"" + reports + "nothing/manifest.json\"}", "no manifest at this key");
        refused(body(InventoryFiles.manifest(reports + "text/", "not json")), "not a JSON object");
        refused(body(InventoryFiles.manifest(reports + "orc/", json.replace("\"CSV\"", "\"ORC\""))),
                "fileFormat is ORC: only CSV");
        refused(body(InventoryFiles.manifest(reports + "schema/", json.replace("Bucket, Key,", "Bucket,"))),
                "fileSchema has no Key column");
        refused(body(InventoryFiles.manifest(reports + "lost/", json.replace(reports + "data/0.csv.gz",
                reports + "data/lost.csv.gz"))), "data file " + reports + "data/lost.csv.gz is not in bucket");
        Api.Reply empty = admin.postJson(BACKFILL, "{\"inventory_manifest\": \"\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("inventory_manifest");

        // what only the rows show: the run is accepted, then fails naming the file and the line
        String garbage = reports + "garbage/data/0.csv.gz";
        Bucket.put(garbage, "\"custodian\",\"k\"\n".getBytes(StandardCharsets.UTF_8));
        String notGzip = InventoryFiles.manifest(reports + "garbage/", json.replace(reports + "data/0.csv.gz", garbage)
                .replaceAll("\"size\": [0-9]+", "\"size\": " + Bucket.read(garbage).orElseThrow().length)
                .replaceAll(",\\s*\"MD5checksum\": \"[0-9a-f]+\"", ""));
        JsonObject failed = AdminRuns.await(admin, RUNS, start(body(notGzip).replace("{", "{\"key_prefix\": \"" + prefix
                + "\", ")), Duration.ofSeconds(120));
        assertThat(failed.getString("state")).isEqualTo("failed");
        assertThat(failed.getString("error")).contains(garbage + " is not gzip");
        assertThat(findings(failed, "orphaned_file")).isEmpty();

        plant(prefix + "images/never adopted.png", 3);
        String badRows = InventoryFiles.write(reports + "rows/", Instant.now(), List.of(
                InventoryFiles.row(prefix + "images/never adopted.png", true, false, 1, Instant.now(), "e"),
                "\"" + S3ProxyServer.BUCKET + "\",\"only two fields\"").iterator(), 10);
        JsonObject broken = AdminRuns.run(admin, BACKFILL, "{\"key_prefix\": \"" + prefix + "\", \"dry_run\": false,"
                + " \"inventory_manifest\": \"" + badRows + "\"}");
        assertThat(broken.getString("state")).isEqualTo("failed");
        assertThat(broken.getString("error")).contains(reports + "rows/data/0.csv.gz line 2 does not match the fileSchema");
        assertThat(broken.getInt("adopted")).as("the chunk that met the bad row rolled back").isZero();
    }

    /** The bucket under the prefix as a report taken at {@code createdAt}, plus rows of keys gone since. */
    private String report(Instant createdAt, String... goneSince) {
        List<String> rows = new ArrayList<>();
        for (S3Object object : Bucket.objects(prefix)) {
            // the report of a versioned bucket also lists older versions and delete markers: never objects
            rows.add(InventoryFiles.row(object.key(), false, false, 9, object.lastModified(), "old"));
            rows.add(InventoryFiles.row(object.key(), true, false, object.size(), object.lastModified(),
                    object.eTag().replace("\"", "")));
        }
        rows.add(InventoryFiles.row(prefix + "projects/p1/images/deleted.png", true, true, 0, createdAt, ""));
        for (String key : goneSince) {
            rows.add(InventoryFiles.row(key, true, false, 7, createdAt.minus(40, ChronoUnit.DAYS), "gone"));
        }
        return InventoryFiles.write(reports, createdAt, rows.iterator(), 3);
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private String body(String manifest) {
        return "{\"inventory_manifest\": \"" + manifest + "\"}";
    }

    /** Both endpoints refuse it with a 422 naming the problem, before any run exists. */
    private void refused(String body, String problem) {
        for (String path : List.of(RUNS, BACKFILL)) {
            Api.Reply reply = admin.postJson(path, body);
            assertThat(reply.status()).as(path + " " + reply).isEqualTo(422);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().getString("type")).endsWith("invalid-inventory");
            assertThat(reply.json().getString("detail")).contains(problem);
            assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("field"))
                    .isEqualTo("inventory_manifest");
        }
    }

    private String start(String body) {
        Api.Reply reply = admin.postJson(RUNS, body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().getString("id");
    }

    private JsonObject maintenance(String body) {
        JsonObject run = AdminRuns.await(admin, RUNS, start(body), Duration.ofSeconds(120));
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
        return run;
    }

    private List<String> findings(JsonObject run, String kind) {
        return admin.get(RUNS + "/" + run.getString("id") + "/findings?limit=1000&kind=" + kind).json()
                .getJsonArray("items").stream().map(v -> v.asJsonObject().getString("key")).toList();
    }

    private String upload(String filename) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", "p1").field("file_type", "images")
                .file(filename, "image/png", filename.getBytes(StandardCharsets.UTF_8)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private String key(String objectId) {
        return app.get("/api/v1/objects/" + objectId).json().getString("key");
    }

    /** An untracked object, its file dated {@code daysAgo} back (S3Proxy reports the file's time). */
    private static void plant(String key, int daysAgo) throws Exception {
        Bucket.put(key, key.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(S3ProxyServer.shared().bucketDirectory().resolve(key),
                FileTime.from(Instant.now().minus(daysAgo, ChronoUnit.DAYS)));
    }
}
