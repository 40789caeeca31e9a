package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Owners: cascade deletion" over HTTP, against the real store and database. */
class DeletionApiIT {

    private static final Duration FINISH = Duration.ofSeconds(60);

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;

    private String upload(String user, String project, String scene, String filename) {
        Multipart form = new Multipart().field("user_id", user).field("file_type", "audio")
                .file(filename, "audio/mpeg", filename.getBytes(StandardCharsets.UTF_8));
        if (project != null) {
            form.field("project_id", project);
        }
        if (scene != null) {
            form.field("scene_id", scene);
        }
        Api.Reply reply = app.postMultipart("/api/v1/objects", form);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("key");
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void aProjectGoesCompletelyTrackedUntrackedAndLegacyWhileItsNeighboursStay() {
        for (int i = 0; i < 30; i++) {
            upload(user, project, "s" + (i % 3), "f" + i + ".mp3");
        }
        String canonicalUntracked = "users/" + user + "/projects/" + project + "/scenes/s1/image/untracked.png";
        List<String> legacy = List.of("proj_" + project + "_s1_media.mp4", "proj_proj_" + project + "_s2_media.mp4",
                "projects/proj_" + project + "/scenes/s2/media/clip.mp4", "audio/proj_" + project + "/s3/n.mp3");
        Bucket.put(canonicalUntracked, new byte[] {1});
        legacy.forEach(key -> Bucket.put(key, new byte[] {2, 2}));
        String siblingKey = upload(user, project + "0", "s1", "keep.mp3");
        String underscoreSibling = upload(user, project + "_x", "s1", "keep.mp3");
        String otherUser = upload(user + "1", project + "1", null, "keep.mp3");
        String siblingLegacy = "proj_" + project + "0_s1_media.mp4";
        String ambiguousLegacy = "proj_" + project + "_x_s1_media.mp4";
        Bucket.put(siblingLegacy, new byte[] {3});
        Bucket.put(ambiguousLegacy, new byte[] {4});

        Api.Reply accepted = app.delete("/api/v1/projects/" + project);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().getJsonNumber("total").longValue()).isEqualTo(30);
        JsonObject done = Deletions.awaitFinished(app, accepted.json().getString("id"), FINISH);

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(35);
        assertThat(done.getJsonNumber("failed").longValue()).isZero();
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertEveryKeyPagedAs(done.getString("id"), 35, "deleted");
        assertThat(strings(done, "ambiguous_keys")).containsExactly(ambiguousLegacy);
        assertThat(Bucket.keys("users/" + user + "/projects/" + project + "/")).isEmpty();
        legacy.forEach(key -> assertThat(Bucket.read(key)).as(key).isEmpty());
        for (String kept : List.of(siblingKey, underscoreSibling, otherUser, siblingLegacy, ambiguousLegacy)) {
            assertThat(Bucket.read(kept)).as(kept).isPresent();
        }
        JsonObject verify = app.get("/api/v1/projects/" + project + "/verify").json();
        assertThat(verify.getBoolean("is_clean")).isTrue();
        assertThat(verify.getJsonNumber("remaining_records").longValue()).isZero();
        assertThat(app.get("/api/v1/objects?project_id=" + project + "0").json().getJsonArray("items")).hasSize(1);
    }

    /** Rows deleted past custodian.ledger.deleted-retention-days go; their deletion's figures and the audit stay. */
    @Test
    void longDeletedRowsArePurgedWhileTheirDeletionKeepsItsFigures() throws Exception {
        for (int i = 0; i < 3; i++) {
            upload(user, project, "s1", "old" + i + ".mp3");
        }
        String recentProject = project + "r";
        upload(user, recentProject, "s1", "recent.mp3");
        JsonObject old = Deletions.awaitFinished(app, app.delete("/api/v1/projects/" + project).json().getString("id"),
                FINISH);
        JsonObject recent = Deletions.awaitFinished(app, app.delete("/api/v1/projects/" + recentProject).json()
                .getString("id"), FINISH);
        UUID oldId = UUID.fromString(old.getString("id"));
        LedgerSeed.update("update deleted_object set deleted_at = now() - interval '91 days' where deletion_id = ?",
                oldId);

        JsonObject execution = BatchJobs.run(admin, "{\"job_name\": \"ledger-purge\"}");

        assertThat(execution.getString("status")).isEqualTo("completed");
        assertThat(execution.getJsonArray("steps").getJsonObject(0).getString("exit_status")).startsWith("purged=");
        assertThat(LedgerSeed.count("select count(*) from deleted_object where deletion_id = ?", oldId)).isZero();
        JsonObject after = app.get("/api/v1/deletions/" + oldId).json();
        for (String figure : List.of("total", "deleted", "bytes_reclaimed")) {
            assertThat(after.getJsonNumber(figure).longValue()).as(figure).isEqualTo(old.getJsonNumber(figure).longValue());
        }
        assertThat(app.get("/api/v1/deletions/" + oldId + "/keys").json().getJsonArray("items")).isEmpty();
        assertThat(LedgerSeed.count("select count(*) from " + LedgerSeed.AUDIT_KEYS + " where deletion_id = ? and action = 'delete_object'",
                oldId)).as("the audit keeps every key").isEqualTo(3);
        assertThat(LedgerSeed.count("select count(*) from audit_event where action = 'purge_deleted_records'"))
                .isPositive();
        assertThat(app.get("/api/v1/deletions/" + recent.getString("id") + "/keys").json().getJsonArray("items"))
                .as("deleted recently: kept").hasSize(1);
    }

    /** {@code GET /deletions/{id}/keys}: every key once, in key order, across pages of 10; filters and refusals. */
    private void assertEveryKeyPagedAs(String id, int count, String outcome) {
        List<String> keys = new ArrayList<>();
        String cursor = "";
        do {
            JsonObject page = app.get("/api/v1/deletions/" + id + "/keys?limit=10" + (cursor.isEmpty() ? ""
                    : "&cursor=" + cursor)).json();
            for (JsonObject key : page.getJsonArray("items").getValuesAs(JsonObject.class)) {
                assertThat(key.getString("outcome")).as(key.toString()).isEqualTo(outcome);
                assertThat(key.getString("at")).isNotBlank();
                keys.add(key.getString("key"));
            }
            cursor = page.isNull("next_cursor") ? "" : page.getString("next_cursor");
        } while (!cursor.isEmpty());
        assertThat(keys).hasSize(count).doesNotHaveDuplicates().isSorted();
        assertThat(app.get("/api/v1/deletions/" + id + "/keys?outcome=failed").json().getJsonArray("items")).isEmpty();
        assertThat(app.get("/api/v1/deletions/" + id + "/keys?outcome=gone").status()).isEqualTo(400);
        assertThat(app.get("/api/v1/deletions/" + UUID.randomUUID() + "/keys").status()).isEqualTo(404);
    }

    @Test
    void onlyAFinishedDeletionWithFailedKeysIsRetried() {
        upload(user, project, "s1", "a.mp3");
        String id = app.delete("/api/v1/projects/" + project).json().getString("id");
        Deletions.awaitFinished(app, id, FINISH);

        Api.Reply retried = app.post("/api/v1/deletions/" + id + "/retry");

        assertThat(retried.status()).isEqualTo(409);
        assertThat(retried.json().getString("type")).endsWith("/nothing-to-retry");
        assertThat(app.get("/api/v1/deletions/" + id).json().getString("state")).isEqualTo("completed");
        assertThat(app.post("/api/v1/deletions/" + UUID.randomUUID() + "/retry").status()).isEqualTo(404);
    }

    @Test
    void aDryRunShowsThePlanAndChangesNothing() {
        String tracked = upload(user, project, "s1", "a.mp3");
        String untracked = "proj_" + project + "_s1_media.mp4";
        Bucket.put(untracked, new byte[] {1, 2, 3});

        Api.Reply plan = app.delete("/api/v1/projects/" + project + "?dry_run=true");

        assertThat(plan.status()).isEqualTo(200);
        JsonObject body = plan.json();
        assertThat(body.getJsonArray("tracked").getJsonObject(0).getString("key")).isEqualTo(tracked);
        assertThat(body.getJsonArray("untracked").getJsonObject(0).getString("key")).isEqualTo(untracked);
        assertThat(body.getJsonNumber("object_count").longValue()).isEqualTo(2);
        assertThat(body.getJsonNumber("total_bytes").longValue()).isEqualTo(5 + 3);
        assertThat(Bucket.read(tracked)).isPresent();
        assertThat(Bucket.read(untracked)).isPresent();
        assertThat(upload(user, project, "s2", "still-allowed.mp3")).as("no tombstone").isNotNull();
    }

    @Test
    void anUnknownProjectIsAnEmptyDeletionNotA404AndMalformedIdsAre400() {
        Api.Reply reply = app.delete("/api/v1/projects/never-existed-" + tag);
        assertThat(reply.status()).isEqualTo(202);
        JsonObject done = Deletions.awaitFinished(app, reply.json().getString("id"), FINISH);
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("total").longValue()).isZero();

        assertThat(app.delete("/api/v1/projects/..").status()).isIn(400, 404);
        assertThat(app.delete("/api/v1/projects/bad%20id").status()).isEqualTo(400);
        assertThat(app.delete("/api/v1/projects/" + project + "?dry_run=maybe").status()).isEqualTo(400);
        assertThat(app.get("/api/v1/deletions/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(app.get("/api/v1/deletions/nope").status()).isEqualTo(400);
        assertThat(app.get("/api/v1/deletions?state=gone").status()).isEqualTo(400);
    }

    @Test
    void aDeletedOwnerRefusesNewUploadsOfEitherKind() {
        upload(user, project, "s1", "a.mp3");
        String id = app.delete("/api/v1/projects/" + project).json().getString("id");

        Api.Reply through = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", project).field("file_type", "audio").file("late.mp3", "audio/mpeg", new byte[] {1}));
        assertThat(through.status()).isEqualTo(409);
        assertThat(through.json().getString("detail")).contains(id);
        Api.Reply announced = app.postJson("/api/v1/uploads", """
                {"user_id": "%s", "project_id": "%s", "scene_id": "s9", "file_type": "audio", "filename": "x.mp3",
                 "size_bytes": 1}""".formatted(user, project));
        assertThat(announced.status()).isEqualTo(409);
        Deletions.awaitFinished(app, id, FINISH);
        assertThat(Bucket.keys("users/" + user + "/projects/" + project + "/")).isEmpty();
        assertThat(upload(user, project + "0", null, "other-project.mp3")).as("other projects are fine").isNotNull();
    }

    @Test
    void aSceneDeletionLeavesTheRestOfTheProject() {
        String doomed = upload(user, project, "s1", "a.mp3");
        String kept = upload(user, project, "s10", "b.mp3");
        String projectFile = upload(user, project, null, "c.mp3");

        String id = app.delete("/api/v1/projects/" + project + "/scenes/s1").json().getString("id");
        JsonObject done = Deletions.awaitFinished(app, id, FINISH);

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(Bucket.read(doomed)).isEmpty();
        assertThat(Bucket.read(kept)).isPresent();
        assertThat(Bucket.read(projectFile)).isPresent();
        assertThat(upload(user, project, "s2", "d.mp3")).as("the project itself lives on").isNotNull();
    }

    @Test
    void aUserDeletionTakesEveryProjectOfTheUserAndNoOneElses() {
        String a = upload(user, project, "s1", "a.mp3");
        String b = upload(user, null, null, "avatar.mp3");
        String neighbour = upload(user + "x", project + "x", null, "n.mp3");

        JsonObject done = Deletions.awaitFinished(app, app.delete("/api/v1/users/" + user).json().getString("id"), FINISH);

        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(2);
        assertThat(Bucket.read(a)).isEmpty();
        assertThat(Bucket.read(b)).isEmpty();
        assertThat(Bucket.read(neighbour)).isPresent();
    }

    @Test
    void oneObjectIsDeletedOnceAndAskingAgainGivesTheSameDeletion() throws Exception {
        String key = upload(user, project, "s1", "single.mp3");
        JsonObject live = app.get("/api/v1/objects?user_id=" + user).json().getJsonArray("items").getJsonObject(0);
        String objectId = live.getString("id");

        Api.Reply first = app.delete("/api/v1/objects/" + objectId);
        assertThat(first.status()).isEqualTo(202);
        JsonObject done = Deletions.awaitFinished(app, first.json().getString("id"), FINISH);
        assertThat(done.getJsonObject("scope").getString("type")).isEqualTo("object");
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(Bucket.read(key)).isEmpty();
        JsonObject deleted = app.get("/api/v1/objects/" + objectId).json();
        assertThat(deleted.getString("state")).isEqualTo("deleted");
        assertThat(deleted.getString("deletion_id")).isEqualTo(first.json().getString("id"));
        for (String field : List.of("key", "user_id", "project_id", "scene_id", "file_type", "filename", "content_type",
                "etag", "retention_class", "created_at")) {
            assertThat(deleted.get(field)).as("the deleted record's " + field + ", read from its proof")
                    .isEqualTo(live.get(field));
        }
        assertThat(deleted.getJsonNumber("size_bytes")).isEqualTo(live.getJsonNumber("size_bytes"));
        assertThat(LedgerSeed.count("select count(*) from stored_object where id = ?", UUID.fromString(objectId)))
                .as("a confirmed key leaves no live row").isZero();
        assertThat(app.get("/api/v1/objects?state=deleted&user_id=" + user).json().getJsonArray("items"))
                .extracting(item -> ((JsonObject) item).getString("id")).containsExactly(objectId);
        assertThat(app.get("/api/v1/objects?user_id=" + user).json().getJsonArray("items")).isEmpty();
        assertThat(app.delete("/api/v1/objects/" + objectId).json().getString("id"))
                .isEqualTo(first.json().getString("id"));
        assertThat(app.delete("/api/v1/objects/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void recordsOnlyIsForAdminsAndLeavesTheBucketAlone() {
        String key = upload(user, project, "s1", "a.mp3");

        assertThat(app.delete("/api/v1/projects/" + project + "?records_only=true").status()).isEqualTo(403);
        Api.Reply forgotten = admin.delete("/api/v1/projects/" + project + "?records_only=true");

        assertThat(forgotten.status()).isEqualTo(202);
        assertThat(forgotten.json().getString("state")).isEqualTo("completed");
        assertThat(forgotten.json().getJsonNumber("bytes_reclaimed").longValue()).isZero();
        assertThat(Bucket.read(key)).isPresent();
        assertThat(app.get("/api/v1/objects?project_id=" + project).json().getJsonArray("items")).isEmpty();
        JsonObject audit = admin.get("/api/v1/audit?deletion_id=" + forgotten.json().getString("id")).json();
        assertThat(audit.getJsonArray("items").getJsonObject(0).getString("action")).isEqualTo("forget_records");
    }

    @Test
    void everyKeysOutcomeIsAuditedAndOnlyAdminsReadTheAudit() throws Exception {
        String key = upload(user, project, "s1", "a.mp3");
        List<String> keys = new ArrayList<>(List.of(key));
        for (int i = 0; i < 4; i++) {
            keys.add(upload(user, project, "s2", "b" + i + ".mp3"));
        }
        String id = app.delete("/api/v1/projects/" + project + "?reason=user%20asked").json().getString("id");
        Deletions.awaitFinished(app, id, FINISH);
        assertThat(LedgerSeed.count("select count(*) from audit_event where deletion_id = ? and action = 'delete_object'",
                UUID.fromString(id))).as("a round's keys share one event").isLessThan(keys.size());

        // pages of 2 walk through the batch event key by key: each key once, none lost between pages
        List<String> deleted = new ArrayList<>();
        String cursor = "";
        do {
            JsonObject auditPage = admin.get("/api/v1/audit?deletion_id=" + id + "&limit=2&cursor=" + cursor).json();
            auditPage.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(e -> e.getString("action").equals("delete_object"))
                    .forEach(e -> deleted.add(e.getString("key")));
            cursor = auditPage.isNull("next_cursor") ? null : auditPage.getString("next_cursor");
        } while (cursor != null);
        assertThat(deleted).containsExactlyInAnyOrderElementsOf(keys);
        List<JsonObject> byKey = admin.get("/api/v1/audit?key=" + keys.get(3)).json().getJsonArray("items")
                .getValuesAs(JsonObject.class);
        assertThat(byKey).anySatisfy(e -> {
            assertThat(e.getString("action")).isEqualTo("delete_object");
            assertThat(e.getString("outcome")).isEqualTo("deleted");
        }).allSatisfy(e -> assertThat(e.getString("key")).isEqualTo(keys.get(3)));
        assertThat(admin.get("/api/v1/audit?cursor=abc").status()).isEqualTo(400);

        assertThat(app.get("/api/v1/audit").status()).isEqualTo(403);
        JsonObject page = admin.get("/api/v1/audit?deletion_id=" + id).json();
        List<JsonObject> events = page.getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getString("action")).isEqualTo("request_deletion");
            assertThat(e.getString("detail")).contains("user asked");
            assertThat(e.getString("actor")).startsWith("app-");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getString("action")).isEqualTo("delete_object");
            assertThat(e.getString("key")).isEqualTo(key);
            assertThat(e.getString("outcome")).isEqualTo("deleted");
        });
        assertThat(admin.get("/api/v1/audit?key=" + key).json().getJsonArray("items")).isNotEmpty();
        assertThat(admin.get("/api/v1/audit?since=yesterday").status()).isEqualTo(400);
    }

    @Test
    void projectFilesShowTheLedgerAgainstTheBucket() {
        String tracked = upload(user, project, "s1", "a.mp3");
        String onlyInBucket = "proj_" + project + "_s1_media.mp4";
        Bucket.put(onlyInBucket, new byte[] {1});

        JsonObject files = app.get("/api/v1/projects/" + project + "/files").json();

        assertThat(strings(files, "tracked")).containsExactly(tracked);
        assertThat(strings(files, "in_bucket")).containsExactlyInAnyOrder(tracked, onlyInBucket);
        assertThat(strings(files, "only_in_bucket")).containsExactly(onlyInBucket);
        assertThat(strings(files, "only_tracked")).isEmpty();
        assertThat(app.get("/api/v1/projects/" + project + "/verify").json().getBoolean("is_clean")).isFalse();
    }
}
