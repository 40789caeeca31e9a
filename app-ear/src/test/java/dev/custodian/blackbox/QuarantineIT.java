package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moves into and out of the quarantine are two-phase: a crash at any point leaves an intent that
 * the quarantine recovery finishes. The crashed states are planted as a killed move leaves them
 * (intent row, bytes in the store); the recovery that takes them up is the running service's.
 */
class QuarantineIT {

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final byte[] bytes = ("clip " + tag).getBytes();

    @Test
    void aMoveKilledBetweenCopyAndDeleteIsFinishedAfterItsLease() throws Exception {
        String key = "users/" + user + "/output/clip.mp4";
        String objectId = track(key);
        String target = "_quarantine/retention/" + UUID.randomUUID() + "/" + key;
        Bucket.put(key, bytes);
        Bucket.put(target, bytes); // the copy landed, then the process died
        UUID intent = intend(objectId, key, target, "moving");

        JsonObject held = awaitState(intent, "quarantined");

        assertThat(held.getString("quarantine_key")).isEqualTo(target);
        assertThat(Bucket.read(key)).as("the original is removed").isEmpty();
        assertThat(Bucket.read(target)).contains(bytes);
        JsonObject record = app.get("/api/v1/objects/" + objectId).json();
        assertThat(record.getString("state")).isEqualTo("quarantined");
        assertThat(record.getString("key")).isEqualTo(target);
    }

    @Test
    void aMoveKilledBeforeItsCopyIsCarriedOutAndARestoreKilledAfterItsCopyIsFinished() throws Exception {
        String key = "users/" + user + "/output/early.mp4";
        String objectId = track(key);
        String target = "_quarantine/retention/" + UUID.randomUUID() + "/" + key;
        Bucket.put(key, bytes);
        UUID intent = intend(objectId, key, target, "moving");
        awaitState(intent, "quarantined");
        assertThat(Bucket.read(target)).contains(bytes);
        assertThat(Bucket.read(key)).isEmpty();

        Bucket.put(key, bytes); // the restore's copy back landed, then the process died
        update("update quarantined_object set state = 'restoring', lease_until = now() - interval '1 second'"
                + " where id = ?", intent);
        awaitState(intent, "restored");
        assertThat(Bucket.read(key)).contains(bytes);
        assertThat(Bucket.read(target)).as("no copy left in the quarantine").isEmpty();
        JsonObject record = app.get("/api/v1/objects/" + objectId).json();
        assertThat(record.getString("state")).isEqualTo("active");
        assertThat(record.getString("key")).isEqualTo(key);
    }

    @Test
    void aRestoreOfAFileWhoseOwnerWasDeletedIsRefusedAndChangesNothing() throws Exception {
        Api.Reply accepted = app.delete("/api/v1/users/" + user);
        Deletions.awaitFinished(app, accepted.json().getString("id"), Duration.ofSeconds(60));
        String key = "users/" + user + "/output/late.mp4";
        String target = "_quarantine/retention/" + UUID.randomUUID() + "/" + key;
        Bucket.put(target, bytes);
        UUID held = intend(null, key, target, "quarantined");

        Api.Reply refused = admin.post("/api/v1/quarantine/" + held + "/restore");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.body()).contains("owner-deleted");
        assertThat(Bucket.read(key)).isEmpty();
        assertThat(Bucket.read(target)).contains(bytes);
    }

    @Test
    void deletingAnOwnerDeletesItsQuarantinedCopiesAndItsVerificationCountsThem() throws Exception {
        Api.Reply uploaded = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("file_type", "audio").file("a.mp3", "audio/mpeg", bytes));
        assertThat(uploaded.status()).isEqualTo(201);
        String key = "users/" + user + "/audio/orphan.mp3";
        String target = "_quarantine/retention/" + UUID.randomUUID() + "/" + key;
        String othersTarget = "_quarantine/retention/" + UUID.randomUUID() + "/users/x" + user + "/audio/orphan.mp3";
        Bucket.put(target, bytes);
        Bucket.put(othersTarget, bytes);
        UUID held = intend(null, key, target, "quarantined");
        UUID others = intend(null, "users/x" + user + "/audio/orphan.mp3", othersTarget, "quarantined");

        String id = app.delete("/api/v1/users/" + user).json().getString("id");
        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofSeconds(60));

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(Bucket.read(target)).as("the owner's copy went with it").isEmpty();
        assertThat(Bucket.read(othersTarget)).as("another owner's copy stays").contains(bytes);
        assertThat(quarantined(held).getString("state")).isEqualTo("purged");
        assertThat(quarantined(others).getString("state")).isEqualTo("quarantined");
    }

    /** A record of an object under the user, as an upload would leave it. */
    private String track(String key) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection db = PostgresDatabase.shared().connect();
             var insert = db.prepareStatement("insert into stored_object (id, bucket, object_key, user_id, file_type,"
                     + " filename, size_bytes, retention_class, metadata, state, created_at, updated_at)"
                     + " values (?, ?, ?, ?, 'output', 'clip.mp4', ?, 'final', '{}', 'active', now(), now())")) {
            insert.setObject(1, id);
            insert.setString(2, S3ProxyServer.BUCKET);
            insert.setString(3, key);
            insert.setString(4, user);
            insert.setLong(5, bytes.length);
            insert.executeUpdate();
        }
        return id.toString();
    }

    /** A quarantine row in the given state, its lease (if any) already run out. */
    private UUID intend(String objectId, String key, String target, String state) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection db = PostgresDatabase.shared().connect();
             var insert = db.prepareStatement("insert into quarantined_object (id, policy, sweep_id, object_id,"
                     + " original_key, quarantine_key, size_bytes, state, quarantined_at, actor, lease_until)"
                     + " values (?, 'test', ?, ?::uuid, ?, ?, ?, ?, now(), 'test', now() - interval '1 second')")) {
            insert.setObject(1, id);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, objectId);
            insert.setString(4, key);
            insert.setString(5, target);
            insert.setLong(6, bytes.length);
            insert.setString(7, state);
            insert.executeUpdate();
        }
        return id;
    }

    private static void update(String sql, UUID id) throws Exception {
        try (Connection db = PostgresDatabase.shared().connect(); var update = db.prepareStatement(sql)) {
            update.setObject(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private JsonObject quarantined(UUID id) {
        return admin.get("/api/v1/quarantine?limit=1000").json().getJsonArray("items").stream()
                .map(v -> v.asJsonObject()).filter(q -> q.getString("id").equals(id.toString()))
                .findFirst().orElseThrow();
    }

    /** The recovery runs every 15 seconds. */
    private JsonObject awaitState(UUID id, String state) {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonObject held = null;
        while (Instant.now().isBefore(deadline)) {
            held = quarantined(id);
            if (held.getString("state").equals(state)) {
                return held;
            }
            Deletions.sleep(250);
        }
        throw new AssertionError("quarantine row " + id + " not " + state + " within 60 s: " + held);
    }
}
