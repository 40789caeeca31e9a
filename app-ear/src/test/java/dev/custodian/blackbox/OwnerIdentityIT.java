package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project belongs to its user: two users' projects of the same id are two owners. Deleting one
 * never plans, deletes or tombstones the other; naming the id alone when it is ambiguous is refused;
 * an admin lifts a tombstone, an app cannot.
 */
class OwnerIdentityIT {

    private static final Duration FINISH = Duration.ofSeconds(60);

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "a" + tag;
    private final String bob = "b" + tag;
    private final String project = "p" + tag;

    private Api.Reply tryUpload(String user, String scene, String filename) {
        Multipart form = new Multipart().field("user_id", user).field("project_id", project).field("file_type", "audio")
                .file(filename, "audio/mpeg", filename.getBytes(StandardCharsets.UTF_8));
        if (scene != null) {
            form.field("scene_id", scene);
        }
        return app.postMultipart("/api/v1/objects", form);
    }

    private String upload(String user, String scene, String filename) {
        Api.Reply reply = tryUpload(user, scene, filename);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("key");
    }

    private static List<String> keys(JsonObject plan, String list) {
        return plan.getJsonArray(list).getValuesAs(JsonObject.class).stream().map(k -> k.getString("key")).toList();
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void oneUsersProjectDeletionNeverTouchesAnotherUsersProjectOfTheSameId() {
        String alicesFile = upload(alice, "s1", "a.mp3");
        String alicesUntracked = "users/" + alice + "/projects/" + project + "/scenes/s1/image/untracked.png";
        Bucket.put(alicesUntracked, new byte[] {1});
        String bobsFile = upload(bob, "s1", "b.mp3");
        String bobsUntracked = "users/" + bob + "/projects/" + project + "/scenes/s1/image/untracked.png";
        Bucket.put(bobsUntracked, new byte[] {1});
        // a legacy key names no user: with two users of the project it may be either's
        String legacy = "proj_" + project + "_s1_media.mp4";
        Bucket.put(legacy, new byte[] {2});

        JsonObject plan = app.delete("/api/v1/projects/" + project + "?user_id=" + alice + "&dry_run=true").json();
        assertThat(keys(plan, "tracked")).containsExactly(alicesFile);
        assertThat(keys(plan, "untracked")).containsExactly(alicesUntracked);
        assertThat(strings(plan, "ambiguous")).containsExactly(legacy);

        Api.Reply accepted = app.delete("/api/v1/projects/" + project + "?user_id=" + alice);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().getJsonObject("scope").getString("user_id")).isEqualTo(alice);
        JsonObject done = Deletions.awaitFinished(app, accepted.json().getString("id"), FINISH);

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(2);
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(strings(done, "ambiguous_keys")).containsExactly(legacy);
        assertThat(Bucket.read(alicesFile)).isEmpty();
        assertThat(Bucket.read(alicesUntracked)).isEmpty();
        for (String kept : List.of(bobsFile, bobsUntracked, legacy)) {
            assertThat(Bucket.read(kept)).as(kept).isPresent();
        }
        assertThat(app.get("/api/v1/objects?project_id=" + project + "&user_id=" + bob).json().getJsonArray("items"))
                .hasSize(1);
        assertThat(tryUpload(alice, "s2", "late.mp3").status()).as("alice's project is gone").isEqualTo(409);
        assertThat(upload(bob, "s2", "still-mine.mp3")).as("bob's project lives on").isNotNull();
        JsonObject verify = app.get("/api/v1/projects/" + project + "/verify?user_id=" + alice).json();
        assertThat(verify.getBoolean("is_clean")).isTrue();
        assertThat(app.get("/api/v1/projects/" + project + "/verify?user_id=" + bob).json().getBoolean("is_clean"))
                .isFalse();
    }

    @Test
    void aProjectIdKnownUnderTwoUsersIsRefusedWithoutAUserAndNothingChanges() {
        String alicesFile = upload(alice, "s1", "a.mp3");
        String bobsFile = upload(bob, "s1", "b.mp3");

        for (String path : List.of("/api/v1/projects/" + project, "/api/v1/projects/" + project + "?dry_run=true",
                "/api/v1/projects/" + project + "/scenes/s1")) {
            Api.Reply refused = app.delete(path);
            assertThat(refused.status()).as(path).isEqualTo(409);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().getString("type")).endsWith("/ambiguous-owner");
            assertThat(strings(refused.json(), "users")).containsExactly(alice, bob);
        }
        assertThat(app.get("/api/v1/projects/" + project + "/files").status()).isEqualTo(409);
        assertThat(Bucket.read(alicesFile)).isPresent();
        assertThat(Bucket.read(bobsFile)).isPresent();
        assertThat(upload(alice, "s2", "no-tombstone.mp3")).isNotNull();
        assertThat(admin.get("/api/v1/admin/tombstones?owner_type=project&owner_id=" + project).json()
                .getJsonArray("items")).isEmpty();
    }

    @Test
    void aSceneDeletionOfOneUserLeavesTheOtherUsersSceneOfTheSameIds() {
        String alicesFile = upload(alice, "s1", "a.mp3");
        String bobsFile = upload(bob, "s1", "b.mp3");

        JsonObject done = Deletions.awaitFinished(app, app.delete("/api/v1/projects/" + project + "/scenes/s1?user_id="
                + bob).json().getString("id"), FINISH);

        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(1);
        assertThat(Bucket.read(bobsFile)).isEmpty();
        assertThat(Bucket.read(alicesFile)).isPresent();
        assertThat(tryUpload(bob, "s1", "again.mp3").status()).isEqualTo(409);
        assertThat(upload(alice, "s1", "mine.mp3")).isNotNull();
    }

    @Test
    void aProjectIdTheLedgerNeverSawBlocksNoUsersProject() {
        JsonObject done = Deletions.awaitFinished(app, app.delete("/api/v1/projects/" + project).json()
                .getString("id"), FINISH);
        assertThat(done.getString("state")).isEqualTo("completed");

        assertThat(upload(alice, "s1", "first.mp3")).as("the deletion named no user").isNotNull();
        JsonObject tombstone = admin.get("/api/v1/admin/tombstones?owner_type=project&owner_id=" + project).json()
                .getJsonArray("items").getJsonObject(0);
        assertThat(tombstone.get("user_id")).isIn(null, JsonValue.NULL);
    }

    @Test
    void anAdminListsAndLiftsATombstoneAuditedAndAnAppCannot() {
        upload(alice, "s1", "a.mp3");
        String deletion = app.delete("/api/v1/projects/" + project).json().getString("id");
        Deletions.awaitFinished(app, deletion, FINISH);

        JsonObject page = admin.get("/api/v1/admin/tombstones?owner_type=project&owner_id=" + project).json();
        assertThat(page.getJsonArray("items")).hasSize(1);
        JsonObject tombstone = page.getJsonArray("items").getJsonObject(0);
        assertThat(tombstone.getString("user_id")).isEqualTo(alice);
        assertThat(tombstone.getString("project_id")).isEqualTo(project);
        assertThat(tombstone.getString("deletion_id")).isEqualTo(deletion);
        String id = tombstone.getString("id");

        assertThat(app.get("/api/v1/admin/tombstones").status()).isEqualTo(403);
        assertThat(app.delete("/api/v1/admin/tombstones/" + id).status()).isEqualTo(403);
        assertThat(tryUpload(alice, "s1", "blocked.mp3").status()).isEqualTo(409);

        Api.Reply lifted = admin.delete("/api/v1/admin/tombstones/" + id);
        assertThat(lifted.status()).as(lifted.toString()).isEqualTo(200);
        assertThat(upload(alice, "s1", "back.mp3")).as("lifted: alice may store again").isNotNull();
        assertThat(admin.delete("/api/v1/admin/tombstones/" + id).status()).isEqualTo(404);
        JsonObject audit = admin.get("/api/v1/audit?deletion_id=" + deletion).json();
        assertThat(audit.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("action").equals("lift_tombstone")).toList()).hasSize(1);

        assertThat(admin.delete("/api/v1/admin/tombstones/not-a-uuid").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/admin/tombstones?owner_type=planet").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/admin/tombstones?limit=0").status()).isEqualTo(400);
    }
}
