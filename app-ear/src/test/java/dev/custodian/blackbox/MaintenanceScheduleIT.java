package dev.custodian.blackbox;

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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily run, on a second server scheduled to run it once, a minute or so after start: with auto-delete-orphans it
 * quarantines orphans older than the configured age without confirmation, leaves younger ones, and
 * purges quarantine past its retention through a deletion.
 */
class MaintenanceScheduleIT {

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theScheduledRunQuarantinesOldOrphansUnattendedAndPurgesOldQuarantine() throws Exception {
        Api admin = Api.asAdmin(); // the shared server owns the schema
        String old = "users/u" + tag + "/images/forgotten.png";
        String young = "users/u" + tag + "/images/just-uploaded.png";
        plant(old, 40);
        plant(young, 0);
        UUID expired = expiredQuarantine();
        Instant before = Instant.now();

        // once, at the first whole minute at least 45 s away (start-up takes about 25 s); a timer
        // that fired every minute could leave a run behind when the server is killed
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(45)
                .truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        CustodianServer scheduled = CustodianServer.withSettings(Map.of(
                "CUSTODIAN_MAINTENANCE_SCHEDULE", at.getMinute() + " " + at.getHour() + " * * *",
                "CUSTODIAN_MAINTENANCE_AUTO_DELETE_ORPHANS", "true",
                "CUSTODIAN_MAINTENANCE_AUTO_DELETE_AFTER_DAYS", "30"));
        JsonObject run;
        try {
            scheduled.start();
            run = awaitScheduledRun(admin, before);
        } finally {
            scheduled.kill();
        }

        assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
        assertThat(run.getBoolean("dry_run")).isFalse();
        assertThat(run.getString("trigger")).isEqualTo("schedule");
        assertThat(run.getJsonObject("params").getString("orphan_action")).isEqualTo("quarantine");
        String quarantined = "_quarantine/" + run.getString("id") + "/" + old;
        assertThat(Bucket.read(quarantined)).contains(old.getBytes(StandardCharsets.UTF_8));
        assertThat(Bucket.read(old)).isEmpty();
        assertThat(Bucket.read(young)).as("younger than 30 days: never acted on").isPresent();

        assertThat(LedgerSeed.count("select count(*) from quarantined_object where id = ? and state = 'purged'",
                expired)).isEqualTo(1);
        String expiredKey = "_quarantine/" + tag + "/old.png";
        java.time.Instant deadline = Instant.now().plusSeconds(60);
        while (Bucket.read(expiredKey).isPresent() && Instant.now().isBefore(deadline)) {
            Deletions.sleep(250);
        }
        assertThat(Bucket.read(expiredKey)).as("purged through the deletion pipeline").isEmpty();
    }

    private JsonObject awaitScheduledRun(Api admin, Instant after) {
        Instant deadline = Instant.now().plusSeconds(150);
        while (Instant.now().isBefore(deadline)) {
            for (var item : admin.get("/api/v1/maintenance/runs?limit=20").json().getJsonArray("items")) {
                JsonObject run = item.asJsonObject();
                boolean ended = !run.getString("state").equals("queued") && !run.getString("state").equals("running");
                if (run.getString("trigger").equals("schedule") && ended
                        && Instant.parse(run.getString("created_at")).isAfter(after)) {
                    return run;
                }
            }
            Deletions.sleep(1000);
        }
        throw new AssertionError("no scheduled maintenance run ended within 150 s");
    }

    /** A file quarantined 31 days ago by some earlier run. */
    private UUID expiredQuarantine() throws Exception {
        String key = "_quarantine/" + tag + "/old.png";
        Bucket.put(key, new byte[] {7});
        UUID run = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        try (Connection db = PostgresDatabase.shared().connect()) {
            try (var insert = db.prepareStatement("insert into maintenance_run (id, state, dry_run, key_prefix,"
                    + " orphan_action, orphan_min_age_days, missing_action, max_delete, actor, trigger, created_at)"
                    + " values (?, 'completed', false, '', 'quarantine', 30, 'report', 10, 'test', 'api', now())")) {
                insert.setObject(1, run);
                insert.executeUpdate();
            }
            try (var insert = db.prepareStatement("insert into quarantined_object (id, run_id, original_key,"
                    + " quarantine_key, size_bytes, state, quarantined_at) values (?, ?, ?, ?, 1, 'quarantined',"
                    + " now() - interval '31 days')")) {
                insert.setObject(1, id);
                insert.setObject(2, run);
                insert.setString(3, "users/u" + tag + "/old.png");
                insert.setString(4, key);
                insert.executeUpdate();
            }
        }
        return id;
    }

    private static void plant(String key, int daysAgo) throws Exception {
        Bucket.put(key, key.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(S3ProxyServer.shared().bucketDirectory().resolve(key),
                FileTime.from(Instant.now().minus(daysAgo, ChronoUnit.DAYS)));
    }
}
