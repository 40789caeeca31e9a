package dev.custodian.blackbox;

import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, migration: records at legacy keys move to canonical keys byte for byte, and a crash loses nothing. */
class MigrationIT {

    private static final String PATH = "/api/v1/admin/migrations";

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;
    private final String orphanProject = "q" + tag;

    @Test
    void everyLegacyLayoutMovesByteForByteAfterADryRunThatChangesNothing() throws Exception {
        String canonicalRoot = "users/" + user + "/projects/" + project + "/scenes/";
        Map<String, String> moves = new LinkedHashMap<>();
        moves.put(seed("projects/proj_" + project + "/scenes/s1/audio/l1.mp3", user, project, "s1", "audio", "l1.mp3"),
                canonicalRoot + "s1/audio/l1.mp3");
        moves.put(seed("audio/proj_" + project + "/s3/voice.wav", user, project, "s3", "audio", "voice.wav"),
                canonicalRoot + "s3/audio/voice.wav");
        moves.put(seed("proj_" + project + "_s4_audio.mp3", user, project, "s4", "audio", "s4.mp3"),
                canonicalRoot + "s4/audio/s4.mp3");
        // no user on the record: the only user of its project is taken
        moves.put(seed("audio/proj_" + project + "/s5/found.wav", null, project, "s5", "audio", "found.wav"),
                canonicalRoot + "s5/audio/found.wav");
        String conflicting = seed("projects/proj_" + project + "/scenes/s9/audio/c.mp3", user, project, "s9", "audio",
                "c.mp3");
        String occupied = canonicalRoot + "s9/audio/c.mp3";
        Bucket.put(occupied, "other bytes".getBytes(StandardCharsets.UTF_8));
        String canonical = seed(canonicalRoot + "s1/audio/stays.mp3", user, project, "s1", "audio", "stays.mp3");
        String scope = "{\"project_id\": \"" + project + "\"";

        JsonObject dry = AdminRuns.completed(admin, PATH, scope + "}");
        assertThat(dry.getBoolean("dry_run")).isTrue();
        assertReport(dry, 4, 0, 0, 1);
        assertThat(dry.getJsonArray("sample")).hasSize(4);
        for (var entry : moves.entrySet()) {
            assertThat(Bucket.read(entry.getValue())).as("a dry run copies nothing").isEmpty();
            assertThat(recordAt(entry.getKey())).as("a dry run switches nothing").isEqualTo(1);
        }

        JsonObject real = AdminRuns.completed(admin, PATH, scope + ", \"dry_run\": false}");
        assertReport(real, 4, 0, 0, 1);
        assertThat(real.getJsonNumber("total").longValue()).isEqualTo(5);
        assertThat(real.getJsonNumber("done").longValue()).isEqualTo(5);
        assertThat(real.getJsonArray("sample").getValuesAs(JsonObject.class))
                .extracting(move -> move.getString("from") + " -> " + move.getString("to"))
                .containsExactlyInAnyOrderElementsOf(moves.entrySet().stream()
                        .map(move -> move.getKey() + " -> " + move.getValue()).toList());
        for (var move : moves.entrySet()) {
            assertThat(Bucket.read(move.getValue())).as("byte for byte at " + move.getValue())
                    .contains(bytesOf(move.getKey()));
            assertThat(Bucket.read(move.getKey())).as("old key gone").isEmpty();
            JsonObject record = app.get("/api/v1/objects/by-key?key=" + encode(move.getKey())).json();
            assertThat(record.getString("key")).as("the old key leads to the record").isEqualTo(move.getValue());
            assertThat(record.getString("user_id")).isEqualTo(user);
            assertThat(content(record.getString("id"))).isEqualTo(bytesOf(move.getKey()));
        }
        assertThat(Bucket.read(occupied)).as("a conflict is never overwritten")
                .contains("other bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(Bucket.read(conflicting)).contains(bytesOf(conflicting));
        assertThat(recordAt(conflicting)).isEqualTo(1);
        assertThat(real.getJsonArray("conflict_sample").getJsonObject(0).getString("from")).isEqualTo(conflicting);
        assertThat(recordAt(canonical)).as("a canonical key stays").isEqualTo(1);
        assertThat(LedgerSeed.count("select count(*) from audit_event where run_id = ? and action = 'migrate_object'"
                + " and outcome = 'migrated'", UUID.fromString(real.getString("id")))).isEqualTo(4);

        JsonObject again = AdminRuns.completed(admin, PATH, scope + ", \"dry_run\": false}");
        assertReport(again, 0, 0, 0, 1);
    }

    @Test
    void movesACrashedRunLeftCopiedOrSwitchedAreFinishedByTheNextRun() throws Exception {
        String root = "users/" + user + "/projects/" + project + "/scenes/s1/audio/";
        // crashed between copy and switch: the verified copy is there, the record still at its old key
        String copiedFrom = seed("projects/proj_" + project + "/scenes/s1/audio/copied.mp3", user, project, "s1",
                "audio", "copied.mp3");
        Bucket.put(root + "copied.mp3", bytesOf(copiedFrom));
        // crashed between switch and delete: the record at its new key, the old key still there
        String switchedFrom = seed("projects/proj_" + project + "/scenes/s1/audio/switched.mp3", user, project, "s1",
                "audio", "switched.mp3");
        Bucket.put(root + "switched.mp3", bytesOf(switchedFrom));
        LedgerSeed.update("update stored_object set object_key = ? where object_key = ?", root + "switched.mp3",
                switchedFrom);
        UUID crashed = UUID.randomUUID();
        LedgerSeed.update("insert into bucket_run (id, kind, state, dry_run, project_id, max_objects, actor,"
                + " created_at) values (?, 'migration', 'failed', false, ?, 10, 'test', now())", crashed, project);
        for (String[] item : new String[][] {{copiedFrom, "copied", "copied.mp3"}, {switchedFrom, "switched",
                "switched.mp3"}}) {
            LedgerSeed.update("insert into bucket_run_item (run_id, object_key, outcome, target_key, object_id,"
                    + " size_bytes) select ?, ?, ?, ?, id, size_bytes from stored_object where filename = ?"
                    + " and project_id = ?", crashed, item[0], item[1], root + item[2], item[2], project);
        }

        JsonObject next = AdminRuns.completed(admin, PATH, "{\"project_id\": \"" + project
                + "\", \"dry_run\": false}");

        assertThat(next.getJsonNumber("failed").longValue() + next.getJsonNumber("conflicts").longValue())
                .as(next.toString()).isZero();
        for (String from : List.of(copiedFrom, switchedFrom)) {
            String to = root + from.substring(from.lastIndexOf('/') + 1);
            assertThat(Bucket.read(from)).as("old key gone: " + from).isEmpty();
            assertThat(Bucket.read(to)).contains(bytesOf(from));
            assertThat(recordAt(to)).as("one live record at " + to).isEqualTo(1);
            assertThat(recordAt(from)).isZero();
        }
        assertThat(LedgerSeed.numbers("select count(*) from bucket_run_item where run_id = ? and outcome = 'migrated'",
                crashed)).as("the crashed run's items are finished").containsExactly(2L);
    }

    @Test
    void aRecordWhoseUserIsUnknownIsSkippedAndReported() throws Exception {
        String lost = seed("audio/proj_" + orphanProject + "/s1/lost.wav", null, orphanProject, "s1", "audio",
                "lost.wav");
        JsonObject run = AdminRuns.completed(admin, PATH, "{\"project_id\": \"" + orphanProject
                + "\", \"dry_run\": false}");
        assertReport(run, 0, 1, 0, 0);
        JsonObject skipped = run.getJsonArray("skipped_sample").getJsonObject(0);
        assertThat(skipped.getString("from")).isEqualTo(lost);
        assertThat(skipped.getString("detail")).isEqualTo("no user known");
        assertThat(Bucket.read(lost)).contains(bytesOf(lost));
        assertThat(recordAt(lost)).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        long runs = LedgerSeed.count("select count(*) from bucket_run where kind = 'migration'");
        AdminRuns.refusesBadInput(admin, app, PATH, List.of("{\"max_objects\": 0}", "{\"surprise\": 1}",
                "{\"key_prefix\": \"users/\"}", "{\"dry_run\": \"yes\"}", "{\"project_id\": \"a b/\"}",
                "{\"project_id\": \"a\", \"user_id\": \"b\"}", "[]"));
        assertThat(LedgerSeed.count("select count(*) from bucket_run where kind = 'migration'")).isEqualTo(runs);
    }

    @Test
    void aMigrationOverlappingARunningRunIsAConflict() throws Exception {
        String body = "{\"project_id\": \"" + project + "\"}";
        AdminRuns.refusesOverlapWithARunningRun(admin, PATH, body, "backfill", "users/" + user + "/");
        AdminRuns.refusesOverlapWithARunningRun(admin, PATH, body, "migration", null);
    }

    @Test
    void aMigrationKilledMidwayIsFinishedAfterRestartWithNothingLostOrDoubled() throws Exception {
        int objects = 5_000;
        LedgerSeed.legacyProject(user, project, objects);
        String legacyPrefix = "projects/proj_" + project + "/";
        String canonicalPrefix = "users/" + user + "/projects/" + project + "/scenes/s1/output/";
        String scope = "{\"project_id\": \"" + project + "\", \"dry_run\": false}";

        Api.Reply started = admin.postJson(PATH, scope);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().getString("id");
        long migratedAtKill = awaitSomeMigrated(id);
        CustodianServer.shared().kill();
        assertThat(migratedAtKill).as("killed mid-way").isBetween(1L, objects - 1L);

        CustodianServer.shared().start();
        JsonObject resumed = AdminRuns.await(admin, PATH, id, Duration.ofSeconds(300));
        JsonObject second = AdminRuns.completed(admin, PATH, scope);
        assertThat(second.getJsonNumber("failed").longValue() + second.getJsonNumber("conflicts").longValue())
                .as(resumed + " then " + second).isZero();

        assertThat(Bucket.keys(legacyPrefix)).as("every old key gone").isEmpty();
        assertThat(Bucket.keys(canonicalPrefix)).as("every object at its new key").hasSize(objects);
        assertThat(LedgerSeed.count("select count(*) from stored_object where project_id = ? and state <> 'deleted'",
                project)).as("exactly one live record per object").isEqualTo(objects);
        assertThat(LedgerSeed.count("select count(distinct object_key) from stored_object where project_id = ?"
                + " and state <> 'deleted' and object_key like ?", project, canonicalPrefix + "%"))
                .as("every record canonical").isEqualTo(objects);
        for (int i : List.of(0, 1, 777, 2500, objects - 1)) {
            assertThat(Bucket.read(canonicalPrefix + "clip-" + i + ".mp4")).contains(LedgerSeed.clipBytes(i));
        }
    }

    private long awaitSomeMigrated(String id) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            long migrated = admin.get(PATH + "/" + id).json().getJsonNumber("migrated").longValue();
            if (migrated > 0) {
                return migrated;
            }
            Deletions.sleep(20);
        }
        throw new AssertionError("nothing migrated within 120 s");
    }

    /** A record and its bytes at a key, as a legacy system left them. */
    private static String seed(String key, String userId, String projectId, String sceneId, String fileType,
                               String filename) throws Exception {
        Bucket.put(key, bytesOf(key));
        LedgerSeed.update("insert into stored_object (id, bucket, object_key, user_id, project_id, scene_id, file_type,"
                + " filename, size_bytes, retention_class, metadata, state, created_at, updated_at) values (?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, 'standard', '{}', 'active', now(), now())", UUID.randomUUID(), S3ProxyServer.BUCKET,
                key, userId, projectId, sceneId, fileType, filename, (long) bytesOf(key).length);
        return key;
    }

    private static long recordAt(String key) throws Exception {
        return LedgerSeed.count("select count(*) from stored_object where object_key = ? and state = 'active'", key);
    }

    private byte[] content(String id) throws Exception {
        Api.Reply reply = app.get("/api/v1/objects/" + id + "/content?redirect=false");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        URI presigned = URI.create(reply.json().getString("url"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(presigned).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static void assertReport(JsonObject run, long migrated, long skipped, long failed, long conflicts) {
        assertThat(List.of(run.getJsonNumber("migrated").longValue(), run.getJsonNumber("skipped").longValue(),
                run.getJsonNumber("failed").longValue(), run.getJsonNumber("conflicts").longValue()))
                .as(run.toString()).containsExactly(migrated, skipped, failed, conflicts);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] bytesOf(String key) {
        return ("bytes of " + key).getBytes(StandardCharsets.UTF_8);
    }
}
