package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.PostgresDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Processing jobs and retention": retention policies and their preview. */
class RetentionPoliciesIT {

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String name = "clips-" + tag;

    private String policy(int maxAgeDays) {
        return """
                {"retention_class": "final", "file_types": ["clip"], "key_prefix": "users/%s/",
                 "max_age_days": %d, "action": "delete", "enabled": true}""".formatted(user, maxAgeDays);
    }

    @Test
    void policiesAreCreatedReplacedReadAndDeletedByAnAdmin() {
        Api.Reply created = admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json",
                policy(5).getBytes());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getInt("max_age_days")).isEqualTo(5);
        assertThat(created.json().getJsonArray("file_types").getString(0)).isEqualTo("clip");

        Api.Reply replaced = admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json",
                policy(7).getBytes());
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(app.get("/api/v1/retention-policies/" + name).json().getInt("max_age_days")).isEqualTo(7);
        assertThat(app.get("/api/v1/retention-policies").json().getJsonArray("items").stream()
                .map(p -> p.asJsonObject().getString("name"))).contains(name);

        assertThat(app.send("PUT", "/api/v1/retention-policies/" + name, "application/json", policy(1).getBytes())
                .status()).as("apps may not change what sweeps delete").isEqualTo(403);
        assertThat(admin.delete("/api/v1/retention-policies/" + name).status()).isEqualTo(204);
        assertThat(app.get("/api/v1/retention-policies/" + name).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/retention-policies/" + name).status()).isEqualTo(404);
    }

    @Test
    void badPoliciesAreRefusedWithTheFieldNamed() {
        String[][] cases = {
                {"{\"max_age_days\": 5}", "retention_class"},
                {"{\"retention_class\": \"final\", \"max_age_days\": 0}", "max_age_days"},
                {"{\"retention_class\": \"final\", \"max_age_days\": 36501}", "max_age_days"},
                {"{\"retention_class\": \"final\"}", "max_age_days"},
                {"{\"retention_class\": \"forever\", \"max_age_days\": 5}", "retention_class"},
                {"{\"key_prefix\": \"users/x\", \"max_age_days\": 5}", "key_prefix"},
                {"{\"file_types\": [\"Clip\"], \"max_age_days\": 5}", "file_types"},
                {"{\"file_types\": \"clip\", \"max_age_days\": 5}", "file_types"},
                {"{\"retention_class\": \"final\", \"max_age_days\": 5, \"action\": \"shred\"}", "action"},
                {"{\"retention_class\": \"final\", \"max_age_days\": 5, \"colour\": \"red\"}", "colour"},
        };
        for (String[] bad : cases) {
            Api.Reply reply = admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json",
                    bad[0].getBytes());
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                    .as(bad[0]).contains(bad[1]);
        }
        assertThat(admin.send("PUT", "/api/v1/retention-policies/Bad%20Name", "application/json",
                policy(5).getBytes()).status()).isEqualTo(400);
        assertThat(app.get("/api/v1/retention-policies/" + name).status()).as("nothing was saved").isEqualTo(404);
    }

    @Test
    void aPreviewListsExactlyWhatThePolicyWouldDeleteAndDeletesNothing() throws Exception {
        String old = upload("old.mp4", "clip", "final");
        String recent = upload("recent.mp4", "clip", "final");
        String otherType = upload("old-audio.mp3", "audio", "final");
        String standard = upload("old-standard.mp4", "clip", "standard");
        age(old, "10 days");
        age(otherType, "10 days");
        age(standard, "10 days");
        admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json", policy(5).getBytes());

        JsonObject preview = app.get("/api/v1/retention-policies/" + name + "/preview").json();

        assertThat(preview.getJsonArray("items").stream().map(o -> o.asJsonObject().getString("id")))
                .containsExactly(old);
        assertThat(app.get("/api/v1/objects/" + old).json().getString("state")).isEqualTo("active");
        assertThat(recent).isNotEqualTo(old);
        assertThat(app.get("/api/v1/retention-policies/missing-" + tag + "/preview").status()).isEqualTo(404);
        admin.delete("/api/v1/retention-policies/" + name); // sweeps in other tests must not see it
    }

    @Test
    void theSweepDeletesExactlyWhatThePreviewListedAndStopsAtMaxDelete() throws Exception {
        String first = upload("a.mp4", "clip", "final");
        String second = upload("b.mp4", "clip", "final");
        String young = upload("c.mp4", "clip", "final");
        age(first, "10 days");
        age(second, "10 days");
        admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json", policy(5).getBytes());
        var listed = app.get("/api/v1/retention-policies/" + name + "/preview").json().getJsonArray("items").stream()
                .map(o -> o.asJsonObject().getString("id")).toList();
        assertThat(listed).containsExactlyInAnyOrder(first, second);

        JsonObject capped = BatchJobs.run(admin, "{\"job_name\": \"retention-sweep\", \"max_delete\": 1}");
        assertThat(capped.getString("status")).isEqualTo("completed");
        assertThat(capped.getJsonArray("steps").getJsonObject(0).getString("exit_status")).contains("max_delete 1");
        awaitDeletion(capped);
        long gone = java.util.stream.Stream.of(first, second)
                .filter(id -> app.get("/api/v1/objects/" + id).json().getString("state").equals("deleted")).count();
        assertThat(gone).as("the cap held").isEqualTo(1);

        JsonObject full = BatchJobs.run(admin, "{\"job_name\": \"retention-sweep\"}");
        assertThat(full.getString("status")).isEqualTo("completed");
        awaitDeletion(full);
        for (String id : listed) {
            JsonObject object = app.get("/api/v1/objects/" + id).json();
            assertThat(object.getString("state")).isEqualTo("deleted");
            assertThat(Bucket.read(object.getString("key"))).isEmpty();
        }
        assertThat(app.get("/api/v1/objects/" + young).json().getString("state")).isEqualTo("active");
        admin.delete("/api/v1/retention-policies/" + name);
    }

    @Test
    void aQuarantinePolicyMovesMatchesAsideWithTheirRecordsAndARestorePutsThemBack() throws Exception {
        String old = upload("old.mp4", "clip", "final");
        String young = upload("young.mp4", "clip", "final");
        age(old, "10 days");
        String originalKey = app.get("/api/v1/objects/" + old).json().getString("key");
        byte[] bytes = Bucket.read(originalKey).orElseThrow();
        admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json",
                policy(5).replace("\"delete\"", "\"quarantine\"").getBytes());

        JsonObject run = BatchJobs.run(admin, "{\"job_name\": \"retention-sweep\"}");
        admin.delete("/api/v1/retention-policies/" + name);
        assertThat(run.getString("status")).isEqualTo("completed");
        assertThat(run.getString("exit_status")).endsWith(" queued=0 quarantined=1");

        JsonObject moved = app.get("/api/v1/objects/" + old).json();
        assertThat(moved.getString("state")).isEqualTo("quarantined");
        assertThat(moved.getString("key")).startsWith("_quarantine/retention/").endsWith("/" + originalKey);
        assertThat(Bucket.read(moved.getString("key"))).contains(bytes);
        assertThat(Bucket.read(originalKey)).as("moved, not copied").isEmpty();
        assertThat(app.get("/api/v1/objects/" + young).json().getString("state")).isEqualTo("active");

        JsonObject held = admin.get("/api/v1/quarantine?state=quarantined&limit=1000").json().getJsonArray("items")
                .stream().map(v -> v.asJsonObject()).filter(q -> q.getString("original_key").equals(originalKey))
                .findFirst().orElseThrow();
        assertThat(held.getString("policy")).isEqualTo(name);
        assertThat(held.getString("object_id")).isEqualTo(old);
        Api.Reply restored = admin.post("/api/v1/quarantine/" + held.getString("id") + "/restore");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        JsonObject back = app.get("/api/v1/objects/" + old).json();
        assertThat(back.getString("state")).isEqualTo("active");
        assertThat(back.getString("key")).isEqualTo(originalKey);
        assertThat(Bucket.read(originalKey)).contains(bytes);
        assertThat(Bucket.read(moved.getString("key"))).isEmpty();
    }

    @Test
    void anObjectMatchedByADeletePolicyAndAQuarantinePolicyInOneSweepIsDeletedOnceAndTheSweepEnds() throws Exception {
        String both = upload("both.mp4", "clip", "final");
        age(both, "10 days");
        String key = app.get("/api/v1/objects/" + both).json().getString("key");
        String quarantining = name + "-q";
        admin.send("PUT", "/api/v1/retention-policies/" + name, "application/json", policy(5).getBytes());
        admin.send("PUT", "/api/v1/retention-policies/" + quarantining, "application/json",
                policy(5).replace("\"delete\"", "\"quarantine\"").getBytes());
        try {
            JsonObject run = BatchJobs.run(admin, "{\"job_name\": \"retention-sweep\"}");
            assertThat(run.getString("status")).as(run.toString()).isEqualTo("completed");
            awaitDeletion(run);
        } finally {
            admin.delete("/api/v1/retention-policies/" + name);
            admin.delete("/api/v1/retention-policies/" + quarantining);
        }
        assertThat(app.get("/api/v1/objects/" + both).json().getString("state")).isEqualTo("deleted");
        assertThat(Bucket.read(key)).isEmpty();
        assertThat(Bucket.keys("_quarantine/retention/")).as("no copy left behind").noneMatch(k -> k.endsWith("/" + key));
    }

    /** The run's exit status names its deletion; it finishes once its keys are gone. */
    private void awaitDeletion(JsonObject execution) {
        String exit = execution.getString("exit_status");
        assertThat(exit).startsWith("deletion=");
        String deletion = exit.substring("deletion=".length(), exit.indexOf(' '));
        assertThat(Deletions.awaitFinished(app, deletion, java.time.Duration.ofSeconds(60)).getString("state"))
                .isEqualTo("completed");
    }

    private String upload(String filename, String fileType, String retentionClass) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("file_type", fileType).field("retention_class", retentionClass)
                .file(filename, "video/mp4", new byte[] {1}));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private static void age(String id, String interval) throws Exception {
        try (Connection db = PostgresDatabase.shared().connect();
             var update = db.prepareStatement("update stored_object set created_at = now() - ?::interval"
                     + " where id = ?::uuid")) {
            update.setString(1, interval);
            update.setString(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
