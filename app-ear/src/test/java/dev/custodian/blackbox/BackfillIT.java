package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, backfill: a bucket that existed before Custodian gets its records, exactly. */
class BackfillIT {

    private static final String PATH = "/api/v1/admin/backfill";

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;
    private final String orphanProject = "q" + tag;

    @Test
    void everyLayoutIsAdoptedExactlyAfterADryRunThatChangesNothingAndASecondRunAdoptsNothing() throws Exception {
        // the ledger knows project proj_<p> as the user's: legacy keys of it get that user
        String tracked = upload("users/" + user + "/", "proj_" + project, "known.png");
        String canonicalScene = "users/" + user + "/projects/" + project + "/scenes/s1/audio/c1.mp3";
        String canonicalUser = "users/" + user + "/images/avatar.png";
        String canonicalJunk = "users/" + user + "/junk";
        String legacyProjects = "projects/proj_" + project + "/scenes/s1/audio/l1.mp3";
        String legacyDoubled = "projects/proj_proj_" + project + "/scenes/s2/image/l2.png";
        String legacyJunk = "projects/proj_" + project + "/weird.txt";
        String legacyAudio = "audio/proj_" + project + "/s3/voice.wav";
        String unknownOwner = "audio/proj_" + orphanProject + "/s1/lost.wav";
        String legacyFlat = "proj_" + project + "_s4_audio.mp3";
        String ambiguousFlat = "proj_" + project + "_x_y_audio.mp3";
        String quarantined = "_quarantine/" + UUID.randomUUID() + "/users/" + user + "/images/old.png";
        for (String key : List.of(canonicalScene, canonicalUser, canonicalJunk, legacyProjects, legacyDoubled,
                legacyJunk, legacyAudio, unknownOwner, legacyFlat, ambiguousFlat, quarantined)) {
            Bucket.put(key, bytesOf(key));
        }
        String users = "users/" + user + "/";
        String projects = "projects/";

        JsonObject dry = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + users + "\"}");
        assertThat(dry.getBoolean("dry_run")).isTrue();
        assertCounts(dry, 2, 1, 1, 0);
        assertThat(dry.getJsonArray("unparseable_sample").getString(0)).isEqualTo(canonicalJunk);
        assertThat(records(users)).as("a dry run changes nothing").isEqualTo(1);

        JsonObject real = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + users + "\", \"dry_run\": false}");
        assertCounts(real, 2, 1, 1, 0);
        assertThat(real.getJsonNumber("total").longValue()).isEqualTo(4);
        assertThat(real.getJsonNumber("done").longValue()).isEqualTo(4);
        JsonObject scene = byKey(canonicalScene);
        assertThat(scene.getString("state")).isEqualTo("active");
        assertThat(scene.getString("user_id")).isEqualTo(user);
        assertThat(scene.getString("scene_id")).isEqualTo("s1");
        assertThat(scene.getJsonNumber("size_bytes").longValue()).isEqualTo(bytesOf(canonicalScene).length);
        assertThat(scene.getString("etag")).isNotBlank();
        assertThat(scene.getString("content_type")).isEqualTo("audio/mpeg");
        assertThat(records(users)).isEqualTo(3);
        assertThat(LedgerSeed.count("select count(*) from " + LedgerSeed.AUDIT_KEYS + " where run_id = ? and action = 'adopt_object'",
                UUID.fromString(real.getString("id")))).as("every adoption audited").isEqualTo(2);

        // legacy keys: the user of project proj_<p> is taken from the ledger; a project it never saw has none
        AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + projects + "proj_" + project + "/\", \"dry_run\": false}");
        JsonObject legacy = byKey(legacyProjects);
        assertThat(legacy.getString("user_id")).isEqualTo(user);
        assertThat(legacy.getString("project_id")).as("the ledger's first spelling: the bare id of canonical c1.mp3")
                .isEqualTo(project);
        JsonObject audio = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"audio/\", \"dry_run\": false}");
        assertThat(audio.getJsonNumber("adopted").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(byKey(legacyAudio).getString("file_type")).isEqualTo("audio");
        assertThat(byKey(unknownOwner).get("user_id")).as("no user known").isEqualTo(jakarta.json.JsonValue.NULL);
        assertThat(byKey(unknownOwner).getString("project_id")).isEqualTo(orphanProject);
        JsonObject doubled = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + projects + "proj_proj_" + project
                + "/\", \"dry_run\": false}");
        assertCounts(doubled, 1, 0, 0, 0);
        assertThat(byKey(legacyDoubled).getString("user_id")).isEqualTo(user);
        assertThat(status(legacyJunk)).as("unparseable: never adopted").isEqualTo(404);

        // the flat layout lives at the bucket's root: only the whole bucket holds it
        JsonObject whole = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"\", \"dry_run\": false}");
        assertThat(whole.getJsonNumber("ambiguous").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(byKey(legacyFlat).getString("scene_id")).isEqualTo("s4");
        assertThat(byKey(legacyFlat).getString("user_id")).isEqualTo(user);
        assertThat(status(ambiguousFlat)).as("ambiguous: never adopted by guess").isEqualTo(404);
        assertThat(status(quarantined)).as("the quarantine is never adopted").isEqualTo(404);

        JsonObject again = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + users + "\", \"dry_run\": false}");
        assertCounts(again, 0, 3, 1, 0);
        assertThat(app.get("/api/v1/objects/" + tracked).json().getString("state")).isEqualTo("active");
    }

    @Test
    void maxObjectsStopsTheRunWithAClearReport() {
        String prefix = "users/" + user + "/projects/" + project + "/output/";
        for (int i = 0; i < 5; i++) {
            Bucket.put(prefix + "clip-" + i + ".mp4", new byte[] {(byte) i});
        }
        JsonObject run = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + prefix + "\", \"dry_run\": false,"
                + " \"max_objects\": 3}");
        assertThat(run.getJsonNumber("adopted").longValue()).isEqualTo(3);
        assertThat(run.getBoolean("limit_reached")).isTrue();
        JsonObject rest = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + prefix + "\", \"dry_run\": false}");
        assertCounts(rest, 2, 3, 0, 0);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        AdminRuns.refusesBadInput(admin, app, PATH, List.of("{\"key_prefix\": \"users/x\"}", "{\"max_objects\": 0}",
                "{\"surprise\": 1}", "{\"dry_run\": \"yes\"}", "{\"key_prefix\": \"_quarantine/\"}", "[]"));
    }

    @Test
    void aSecondRunOverlappingARunningOneIsAConflict() throws Exception {
        AdminRuns.refusesOverlapWithARunningRun(admin, PATH, "{\"key_prefix\": \"users/" + user + "/projects/\"}",
                "backfill", "users/" + user + "/");
    }

    /** An instance that stopped between recording a run and starting its job must not block its prefix for ever. */
    @Test
    void aRunLeftQueuedWithoutAJobIsFailedAndNoLongerBlocksOverlappingRuns() throws Exception {
        UUID stranded = UUID.randomUUID();
        String prefix = "users/" + user + "/";
        LedgerSeed.update("insert into bucket_run (id, kind, state, dry_run, key_prefix, max_objects, actor,"
                + " created_at) values (?, 'backfill', 'queued', true, ?, 10, 'test', now() - interval '1 hour')",
                stranded, prefix);
        UUID young = UUID.randomUUID();
        LedgerSeed.update("insert into bucket_run (id, kind, state, dry_run, key_prefix, max_objects, actor,"
                + " created_at) values (?, 'backfill', 'queued', true, ?, 10, 'test', now())", young, "q" + tag + "/");
        try {
            JsonObject failed = Await.until("the stranded run is failed", () -> admin.get(PATH + "/" + stranded).json(),
                    run -> run.getString("state").equals("failed"), Duration.ofSeconds(30));
            assertThat(failed.getString("error")).contains("never started");
            assertThat(admin.get(PATH + "/" + young).json().getString("state"))
                    .as("a run just recorded is given its time to start").isEqualTo("queued");
            JsonObject next = AdminRuns.completed(admin, PATH, "{\"key_prefix\": \"" + prefix + "\"}");
            assertThat(next.getBoolean("dry_run")).isTrue();
        } finally {
            LedgerSeed.update("update bucket_run set state = 'failed' where id = ?", young);
        }
    }

    private void assertCounts(JsonObject run, long adopted, long alreadyTracked, long unparseable, long ambiguous) {
        assertThat(List.of(run.getJsonNumber("adopted").longValue(), run.getJsonNumber("already_tracked").longValue(),
                run.getJsonNumber("unparseable").longValue(), run.getJsonNumber("ambiguous").longValue()))
                .as(run.toString()).containsExactly(adopted, alreadyTracked, unparseable, ambiguous);
    }

    private JsonObject byKey(String key) {
        Api.Reply reply = app.get("/api/v1/objects?key_prefix=" + encode(key) + "&limit=1");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        var items = reply.json().getJsonArray("items");
        assertThat(items).as("a record for " + key).hasSize(1);
        return items.getJsonObject(0);
    }

    private int status(String key) {
        return app.get("/api/v1/objects?key_prefix=" + encode(key) + "&limit=1").json().getJsonArray("items").isEmpty()
                ? 404 : 200;
    }

    private static long records(String prefix) throws Exception {
        return LedgerSeed.count("select count(*) from stored_object where object_key like ? and state <> 'deleted'",
                prefix + "%");
    }

    private String upload(String prefix, String projectId, String filename) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", projectId).field("file_type", "images")
                .file(filename, "image/png", bytesOf(filename)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().getString("key")).startsWith(prefix);
        return reply.json().getString("id");
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static byte[] bytesOf(String name) {
        return ("bytes of " + name).getBytes(StandardCharsets.UTF_8);
    }
}
