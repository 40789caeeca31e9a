package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** API.md "Processing jobs and retention": job completion and the bulk cleanup. */
class RetentionApiIT {

    private static final Duration FINISH = Duration.ofSeconds(60);

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;

    private JsonObject upload(String filename, String retentionClass, String jobId) {
        Multipart form = new Multipart().field("user_id", user).field("project_id", "p1").field("file_type", "media")
                .field("retention_class", retentionClass).file(filename, "video/mp4", new byte[] {1, 2, 3, 4});
        if (jobId != null) {
            form.field("job_id", jobId);
        }
        Api.Reply reply = app.postMultipart("/api/v1/objects", form);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    @Test
    void completingAJobDeletesItsTemporariesAndStartsItsFinalsClock() {
        String job = "job-" + tag;
        JsonObject upload = upload("upload.mp4", "temporary", job);
        JsonObject audio = upload("audio.mp3", "temporary", job);
        JsonObject clip = upload("clip.mp4", "final", job);
        JsonObject kept = upload("source-notes.txt", "standard", job);
        JsonObject otherJob = upload("other.mp4", "temporary", job + "-b");

        Api.Reply accepted = app.post("/api/v1/jobs/" + job + "/complete");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().getJsonNumber("total").longValue()).isEqualTo(2);
        JsonObject done = Deletions.awaitFinished(app, accepted.json().getString("id"), FINISH);

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(Bucket.read(upload.getString("key"))).isEmpty();
        assertThat(Bucket.read(audio.getString("key"))).isEmpty();
        for (JsonObject survivor : List.of(clip, kept, otherJob)) {
            assertThat(Bucket.read(survivor.getString("key"))).as(survivor.getString("key")).isPresent();
        }
        JsonObject expiring = app.get("/api/v1/objects/" + clip.getString("id")).json();
        Instant expiresAt = Instant.parse(expiring.getString("expires_at"));
        assertThat(Duration.between(Instant.now(), expiresAt).toHours()).isCloseTo(5 * 24, within(1L));
        assertThat(app.get("/api/v1/objects/" + kept.getString("id")).json().isNull("expires_at")).isTrue();

        Api.Reply again = app.post("/api/v1/jobs/" + job + "/complete");
        assertThat(again.status()).as("completing twice is harmless").isEqualTo(202);
        assertThat(again.json().getJsonNumber("total").longValue()).isZero();
        assertThat(app.get("/api/v1/objects/" + clip.getString("id")).json().getString("expires_at"))
                .as("the clock is not pushed back").isEqualTo(expiring.getString("expires_at"));
        assertThat(app.post("/api/v1/jobs/bad%20job/complete").status()).isEqualTo(400);
    }

    @Test
    void objectsPastTheirExpiryAreDeletedAndOthersAreNot() throws Exception {
        JsonObject expired = upload("expired-clip.mp4", "final", null);
        JsonObject notYet = upload("fresh-clip.mp4", "final", null);
        try (Connection db = PostgresDatabase.shared().connect(); var update = db.createStatement()) {
            update.executeUpdate("update stored_object set expires_at = now() - interval '1 minute' where id = '"
                    + expired.getString("id") + "'");
            update.executeUpdate("update stored_object set expires_at = now() + interval '1 day' where id = '"
                    + notYet.getString("id") + "'");
        }

        assertThat(app.post("/api/v1/cleanup/expired").status()).as("admin only").isEqualTo(403);
        Api.Reply swept = admin.post("/api/v1/cleanup/expired");
        assertThat(swept.status()).isEqualTo(202);
        Deletions.awaitFinished(app, swept.json().getString("id"), FINISH);

        assertThat(Bucket.read(expired.getString("key"))).isEmpty();
        assertThat(Bucket.read(notYet.getString("key"))).isPresent();
        assertThat(admin.post("/api/v1/cleanup/expired").status()).as("nothing left to expire").isEqualTo(204);
    }

    @Test
    void aBulkDryRunReportsExactlyWhatTheRealRunDeletesAndRecentClipsAndStandardObjectsSurvive() throws Exception {
        JsonObject oldTemporary = upload("old-temp.mp4", "temporary", null);
        JsonObject newTemporary = upload("new-temp.mp4", "temporary", null);
        JsonObject oldClip = upload("old-clip.mp4", "final", null);
        JsonObject recentClip = upload("recent-clip.mp4", "final", null);
        JsonObject oldStandard = upload("old-standard.mp4", "standard", null);
        age(oldTemporary, "2 hours");
        age(oldClip, "10 days");
        age(recentClip, "1 day");
        age(oldStandard, "400 days");

        JsonObject preview = app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"dry_run\": true}").json();
        assertThat(preview.getBoolean("dry_run")).isTrue();
        assertThat(preview.isNull("deletion_id")).isTrue();
        List<String> sample = preview.getJsonArray("deleted_files_sample").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        assertThat(sample).contains(oldTemporary.getString("key"), oldClip.getString("key"))
                .doesNotContain(newTemporary.getString("key"), recentClip.getString("key"), oldStandard.getString("key"))
                .hasSizeLessThanOrEqualTo(20);
        assertThat(preview.getJsonNumber("retained_count").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(preview.getInt("retention_days")).isEqualTo(5);
        assertThat(Bucket.read(oldClip.getString("key"))).as("a dry run deletes nothing").isPresent();

        JsonObject run = app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5}").json();
        assertThat(run.getBoolean("success")).isTrue();
        assertThat(run.getJsonNumber("deleted_count").longValue())
                .isEqualTo(preview.getJsonNumber("deleted_count").longValue());
        assertThat(run.getJsonNumber("deleted_size_mb").doubleValue())
                .isEqualTo(preview.getJsonNumber("deleted_size_mb").doubleValue());
        JsonObject done = Deletions.awaitFinished(app, run.getString("deletion_id"), FINISH);
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(preview.getJsonNumber("deleted_count").longValue());

        assertThat(Bucket.read(oldTemporary.getString("key"))).isEmpty();
        assertThat(Bucket.read(oldClip.getString("key"))).isEmpty();
        for (JsonObject survivor : List.of(newTemporary, recentClip, oldStandard)) {
            assertThat(Bucket.read(survivor.getString("key"))).as(survivor.getString("key")).isPresent();
        }
    }

    @Test
    void untrackedObjectsGoOnlyWhenAskedAndOnlyPastTheOrphanMinimumAge() throws Exception {
        String oldOrphan = "orphans/" + tag + "/old.bin";
        String youngOrphan = "orphans/" + tag + "/young.bin";
        Bucket.put(oldOrphan, new byte[] {1});
        Bucket.put(youngOrphan, new byte[] {2});
        Files.setLastModifiedTime(S3ProxyServer.shared().bucketDirectory().resolve(oldOrphan),
                FileTime.from(Instant.now().minus(Duration.ofDays(40))));

        app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5}");
        assertThat(Bucket.read(oldOrphan)).as("untracked objects need include_untracked").isPresent();

        JsonObject run = app.postJson("/api/v1/cleanup/bulk",
                "{\"retention_days\": 5, \"include_untracked\": true}").json();
        Deletions.awaitFinished(app, run.getString("deletion_id"), FINISH);
        assertThat(Bucket.read(oldOrphan)).isEmpty();
        assertThat(Bucket.read(youngOrphan)).as("younger than the orphan minimum age").isPresent();
    }

    @Test
    void badRequestsAndTheDeleteCapChangeNothing() throws Exception {
        JsonObject a = upload("cap-a.mp4", "temporary", null);
        JsonObject b = upload("cap-b.mp4", "temporary", null);
        age(a, "2 hours");
        age(b, "2 hours");

        assertThat(app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 0}").status()).isEqualTo(400);
        assertThat(app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 0, \"force\": true}").status())
                .as("force is an admin's").isEqualTo(400);
        assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 0, \"force\": true,"
                + " \"dry_run\": true}").status()).isEqualTo(200);
        assertThat(app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": -3}").status()).isEqualTo(400);
        assertThat(app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 36501}").status()).isEqualTo(400);
        assertThat(app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": \"five\"}").status()).isEqualTo(400);
        assertThat(app.postJson("/api/v1/cleanup/bulk", "{\"retention_dayz\": 5}").status()).isEqualTo(400);

        Api.Reply capped = app.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"max_delete\": 1}");
        assertThat(capped.status()).isEqualTo(409);
        assertThat(capped.json().getString("detail")).contains("max_delete 1").contains("nothing was deleted");
        assertThat(Bucket.read(a.getString("key"))).isPresent();
        assertThat(Bucket.read(b.getString("key"))).isPresent();
    }

    private static void age(JsonObject object, String interval) throws Exception {
        try (Connection db = PostgresDatabase.shared().connect();
             var update = db.prepareStatement("update stored_object set created_at = now() - ?::interval"
                     + " where id = ?::uuid")) {
            update.setString(1, interval);
            update.setString(2, object.getString("id"));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
