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
    private final Api cron = Api.withToken(CustodianServer.CRON_TOKEN);
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

        JsonObject preview = admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"dry_run\": true}").json();
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

        JsonObject unsaid = admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5}").json();
        assertThat(unsaid.getBoolean("dry_run")).as("a dry run unless dry_run is false, as every destructive run").isTrue();
        assertThat(Bucket.read(oldClip.getString("key"))).isPresent();

        JsonObject run = admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"dry_run\": false}").json();
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
        String oldOrphan = "users/" + user + "/media/old-orphan.bin";
        String youngOrphan = "users/" + user + "/media/young-orphan.bin";
        Bucket.put(oldOrphan, new byte[] {1});
        Bucket.put(youngOrphan, new byte[] {2});
        ageInBucket(oldOrphan);

        admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"dry_run\": false}");
        assertThat(Bucket.read(oldOrphan)).as("untracked objects need include_untracked").isPresent();

        JsonObject run = admin.postJson("/api/v1/cleanup/bulk",
                "{\"retention_days\": 5, \"include_untracked\": true, \"dry_run\": false}").json();
        Deletions.awaitFinished(admin, run.getString("deletion_id"), FINISH);
        assertThat(Bucket.read(oldOrphan)).isEmpty();
        assertThat(Bucket.read(youngOrphan)).as("younger than the orphan minimum age").isPresent();
    }

    @Test
    void badRequestsAndTheDeleteCapChangeNothing() throws Exception {
        JsonObject a = upload("cap-a.mp4", "temporary", null);
        JsonObject b = upload("cap-b.mp4", "temporary", null);
        age(a, "2 hours");
        age(b, "2 hours");

        assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 0}").status()).isEqualTo(400);
        assertThat(cron.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 0, \"force\": true}").status())
                .as("force is an admin's").isEqualTo(400);
        assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 0, \"force\": true,"
                + " \"dry_run\": true}").status()).isEqualTo(200);
        assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": -3}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 36501}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": \"five\"}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_dayz\": 5}").status()).isEqualTo(400);

        Api.Reply capped = admin.postJson("/api/v1/cleanup/bulk",
                "{\"retention_days\": 5, \"max_delete\": 1, \"dry_run\": false}");
        assertThat(capped.status()).isEqualTo(409);
        assertThat(capped.json().getString("detail")).contains("max_delete 1").contains("nothing was deleted");
        assertThat(Bucket.read(a.getString("key"))).isPresent();
        assertThat(Bucket.read(b.getString("key"))).isPresent();
    }

    @Test
    void oneBulkRunAtATimeAndNoCallerPassesTheCeiling() throws Exception {
        Api.Reply over = admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"max_delete\": 100001}");
        assertThat(over.status()).as(over.toString()).isEqualTo(400);
        assertThat(over.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("max_delete");

        // another instance's run, still filling its deletion
        UUID filling = UUID.randomUUID();
        LedgerSeed.update("insert into deletion_request (id, scope_type, reason, requested_by, state, sweep_state,"
                + " created_at, lease_until) values (?, 'bulk', 'another run', 'admin-x', 'running', 'held', now(),"
                + " now() + interval '1 minute')", filling);
        try {
            Api.Reply refused = admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"dry_run\": false}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().getString("type")).endsWith("/bulk-run-in-progress");
            assertThat(refused.json().getString("detail")).contains(filling.toString());
            assertThat(admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"dry_run\": true}").status())
                    .as("a dry run changes nothing and may overlap").isEqualTo(200);
        } finally {
            // its lease runs out, as when that run dies: the next run undoes it and proceeds
            LedgerSeed.update("update deletion_request set lease_until = now() - interval '1 second' where id = ?",
                    filling);
        }
        Api.Reply next = admin.postJson("/api/v1/cleanup/bulk", "{\"retention_days\": 5, \"dry_run\": false}");
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
    }

    @Test
    void bulkCleanupIsForAdminAndCronNotApp() {
        String dryRun = "{\"retention_days\": 5, \"dry_run\": true}";
        Api.Reply refused = app.postJson("/api/v1/cleanup/bulk", dryRun);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(admin.postJson("/api/v1/cleanup/bulk", dryRun).status()).isEqualTo(200);
        assertThat(cron.postJson("/api/v1/cleanup/bulk", dryRun).status()).isEqualTo(200);
        assertThat(cron.post("/api/v1/cleanup/expired").status()).as("cron may only bulk-clean").isEqualTo(403);
    }

    @Test
    void untrackedKeysThatNoLayoutAttributesStayInTheBucket() throws Exception {
        String canonical = "users/" + user + "/media/claimed-orphan.bin";
        String unparseable = "stray/" + tag + "/notes.txt";
        String ambiguous = "proj_p" + tag + "_s_1_audio.mp3";
        String quarantined = "_quarantine/" + tag + "/users/" + user + "/media/kept.bin";
        for (String key : List.of(canonical, unparseable, ambiguous, quarantined)) {
            Bucket.put(key, new byte[] {7});
            ageInBucket(key);
        }

        Api.Reply capped = admin.postJson("/api/v1/cleanup/bulk",
                "{\"retention_days\": 5, \"include_untracked\": true, \"max_delete\": 0, \"dry_run\": false}");
        assertThat(capped.status()).as(capped.toString()).isEqualTo(409);
        assertThat(Bucket.read(canonical)).as("over the cap, nothing goes").isPresent();
        assertThat(LedgerSeed.count("select count(*) from stored_object where object_key = ?", canonical))
                .as("and no record is left behind").isZero();

        JsonObject preview = admin.postJson("/api/v1/cleanup/bulk",
                "{\"retention_days\": 5, \"include_untracked\": true, \"dry_run\": true}").json();
        JsonObject run = admin.postJson("/api/v1/cleanup/bulk",
                "{\"retention_days\": 5, \"include_untracked\": true, \"dry_run\": false}").json();
        assertThat(run.getJsonNumber("skipped_untracked_count").longValue()).isGreaterThanOrEqualTo(2)
                .isEqualTo(preview.getJsonNumber("skipped_untracked_count").longValue());
        Deletions.awaitFinished(admin, run.getString("deletion_id"), FINISH);
        assertThat(Bucket.read(canonical)).as("the canonical layout names its owner").isEmpty();
        for (String kept : List.of(unparseable, ambiguous, quarantined)) {
            assertThat(Bucket.read(kept)).as(kept).isPresent();
        }
    }

    @Test
    void withoutMaxDeleteTheDefaultCapRefusesAndNothingIsDeleted() throws Exception {
        JsonObject real = upload("capped-by-default.mp4", "temporary", null);
        age(real, "2 hours");
        String prefix = "users/" + user + "/seeded/";
        try (Connection db = PostgresDatabase.shared().connect();
             var seed = db.prepareStatement("insert into stored_object (id, bucket, object_key, user_id, file_type,"
                     + " filename, size_bytes, retention_class, metadata, state, created_at, updated_at)"
                     + " select gen_random_uuid(), ?, ? || i || '.bin', ?, 'seeded', i || '.bin', 1, 'temporary',"
                     + " '{}', 'active', now() - interval '2 hours', now() from generate_series(1, 10000) i")) {
            seed.setString(1, S3ProxyServer.BUCKET);
            seed.setString(2, prefix);
            seed.setString(3, user);
            seed.executeUpdate();
        }
        try {
            for (String body : List.of("{\"retention_days\": 5, \"dry_run\": true}",
                    "{\"retention_days\": 5, \"dry_run\": false}")) {
                Api.Reply refused = admin.postJson("/api/v1/cleanup/bulk", body);
                assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                assertThat(refused.json().getString("detail")).contains("max_delete 10000")
                        .contains("nothing was deleted");
            }
            assertThat(LedgerSeed.count("select count(*) from stored_object where object_key like ? and state = 'active'"
                    + " and deletion_id is null", prefix + "%")).isEqualTo(10000);
            assertThat(admin.get("/api/v1/objects/" + real.getString("id")).json().getString("state"))
                    .isEqualTo("active");
            assertThat(Bucket.read(real.getString("key"))).isPresent();
        } finally {
            try (Connection db = PostgresDatabase.shared().connect();
                 var unseed = db.prepareStatement("delete from stored_object where object_key like ?")) {
                unseed.setString(1, prefix + "%");
                unseed.executeUpdate();
            }
        }
    }

    @Test
    void aRunThatDiedWhileFillingIsUndoneByTheNextRun() throws Exception {
        JsonObject real = upload("parked-by-a-dead-run.mp4", "temporary", null);
        age(real, "2 hours");
        UUID dead = UUID.randomUUID();
        String parkedKey = "users/" + user + "/media/parked-untracked.bin";
        try (Connection db = PostgresDatabase.shared().connect(); var statement = db.createStatement()) {
            statement.executeUpdate("insert into deletion_request (id, scope_type, reason, requested_by, state,"
                    + " sweep_state, lease_until, created_at) values ('" + dead + "', 'bulk', 'bulk cleanup', 'admin-x',"
                    + " 'queued', 'held', now() - interval '1 minute', now() - interval '10 minutes')");
            statement.executeUpdate("update stored_object set state = 'deleting', deletion_id = '" + dead + "',"
                    + " next_attempt_at = null where id = '" + real.getString("id") + "'");
            statement.executeUpdate("insert into stored_object (id, bucket, object_key, user_id, file_type, filename,"
                    + " size_bytes, retention_class, metadata, state, deletion_id, created_at, updated_at) values ('"
                    + UUID.randomUUID() + "', '" + S3ProxyServer.BUCKET + "', '" + parkedKey + "', '" + user + "',"
                    + " 'media', 'parked-untracked.bin', 1, 'standard', '{}', 'deleting', '" + dead + "', now(), now())");
        }

        Api.Reply capped = admin.postJson("/api/v1/cleanup/bulk",
                "{\"retention_days\": 5, \"max_delete\": 0, \"dry_run\": false}");
        assertThat(capped.status()).as(capped.toString()).isEqualTo(409);
        assertThat(LedgerSeed.count("select count(*) from deletion_request where id = ?", dead)).isZero();
        assertThat(LedgerSeed.count("select count(*) from stored_object where object_key = ?", parkedKey)).isZero();
        JsonObject record = admin.get("/api/v1/objects/" + real.getString("id")).json();
        assertThat(record.getString("state")).isEqualTo("active");
        assertThat(record.isNull("deletion_id")).isTrue();
        assertThat(Bucket.read(real.getString("key"))).isPresent();
    }

    private static void ageInBucket(String key) throws Exception {
        Files.setLastModifiedTime(S3ProxyServer.shared().bucketDirectory().resolve(key),
                FileTime.from(Instant.now().minus(Duration.ofDays(40))));
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
