package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.S3MockServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a versioned bucket (Adobe S3Mock, the second real S3 server, with Object Lock enforced on
 * deletes by {@link ObjectLockProxy} as AWS does) a deleted key leaves no version and no delete
 * marker, a replaced file does not live on as an older version, a deletion's verification looks at
 * versions, not at the current objects alone, and a version under a legal hold is held, never
 * failed, until the hold is lifted.
 */
class VersionedBucketIT {

    private static final Duration FINISH = Duration.ofSeconds(90);

    private static S3MockServer s3;
    private static ObjectLockProxy proxy;
    private static String bucket;

    @RegisterExtension
    static final OwnServer SERVER = new OwnServer(VersionedBucketIT::onAVersionedBucket);

    private static Map<String, String> onAVersionedBucket() {
        s3 = S3MockServer.shared();
        proxy = new ObjectLockProxy(s3);
        bucket = s3.createLockedBucket("versioned-" + UUID.randomUUID().toString().substring(0, 8));
        return Map.of("CUSTODIAN_S3_ENDPOINT", proxy.endpoint(), "CUSTODIAN_S3_BUCKET", bucket,
                "CUSTODIAN_S3_ACCESS_KEY", S3MockServer.ACCESS_KEY, "CUSTODIAN_S3_SECRET_KEY", S3MockServer.SECRET_KEY,
                "CUSTODIAN_DELETION_HOLD_RECHECK", "PT2S");
    }

    @AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "v" + tag;

    private Api app() {
        return Api.of(SERVER.get(), CustodianServer.APP_TOKEN);
    }

    private String upload(String scene, String filename, String content, boolean replace) {
        Api.Reply reply = app().postMultipart("/api/v1/objects" + (replace ? "?on_conflict=replace" : ""),
                new Multipart().field("user_id", user).field("project_id", "p1").field("scene_id", scene)
                        .field("file_type", "audio")
                        .file(filename, "audio/mpeg", content.getBytes(StandardCharsets.UTF_8)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("key");
    }

    @Test
    void diagnosticsReadTheBucketsVersioning() {
        JsonObject versioning = Api.asAdmin(SERVER.get()).get("/api/v1/admin/diagnostics").json().getJsonObject("versioning");

        assertThat(versioning.getJsonObject("found").getString("state")).isEqualTo("enabled");
        assertThat(versioning.getJsonObject("found").getBoolean("erases_every_version")).isTrue();
    }

    @Test
    void aDeletedProjectWithReplacedFilesLeavesNoVersionAndNoMarker() {
        for (int i = 0; i < 20; i++) {
            upload("s" + (i % 4), "f" + i + ".mp3", "first " + i, false);
        }
        String replaced = upload("s1", "f1.mp3", "second, longer content", true);
        assertThat(s3.versions(bucket, replaced)).as("the replaced content is erased").hasSize(1);

        String prefix = "users/" + user + "/projects/p1/";
        assertThat(s3.versions(bucket, prefix)).hasSize(20);
        JsonObject done = Deletions.awaitFinished(app(), app().delete("/api/v1/projects/p1?user_id=" + user).json()
                .getString("id"), FINISH);

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(20);
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(s3.versions(bucket, prefix)).as("no version, no marker").isEmpty();
    }

    @Test
    void aVersionUnderLegalHoldIsHeldNeverFailedAndGoesOnceTheHoldIsLifted() {
        String kept = upload("s1", "evidence.mp3", "kept by law", false);
        String other = upload("s1", "other.mp3", "goes", false);
        String version = proxy.direct().headObject(b -> b.bucket(bucket).key(kept)).versionId();
        proxy.direct().putObjectLegalHold(b -> b.bucket(bucket).key(kept).versionId(version)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));

        String id = app().delete("/api/v1/projects/p1?user_id=" + user).json().getString("id");
        JsonObject held = Deletions.awaitFinished(app(), id, FINISH);

        assertThat(held.getString("state")).isEqualTo("completed_with_holds");
        assertThat(held.getJsonNumber("held").longValue()).isEqualTo(1);
        assertThat(held.getJsonNumber("failed").longValue()).as("a hold is not a failure").isZero();
        assertThat(held.getJsonNumber("deleted").longValue()).isEqualTo(1);
        assertThat(held.getJsonObject("verification").getBoolean("is_clean")).as("held bytes are still there").isFalse();
        JsonObject heldKey = app().get("/api/v1/deletions/" + id + "/keys?outcome=held").json().getJsonArray("items")
                .getJsonObject(0);
        assertThat(heldKey.getString("key")).isEqualTo(kept);
        assertThat(heldKey.getString("error")).contains("legal_hold").contains(version);
        assertThat(s3.versions(bucket, other)).isEmpty();
        assertThat(s3.versions(bucket, kept)).as("only the held version stays").containsExactly(kept + "@" + version);
        Await.until("the overview shows the held key", () -> Api.asAdmin(SERVER.get()).get("/api/v1/admin/overview").json()
                .getJsonNumber("keys_held").longValue(), keys -> keys >= 1, Duration.ofSeconds(15));

        proxy.direct().putObjectLegalHold(b -> b.bucket(bucket).key(kept).versionId(version)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
        JsonObject done = awaitState(id, "completed");

        assertThat(done.getJsonNumber("held").longValue()).isZero();
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(2);
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(s3.versions(bucket, kept)).as("gone once the hold was lifted").isEmpty();
    }

    @Test
    void governanceRetentionHoldsUntilAnAdminBypassesItAndAnAppCannot() {
        String kept = upload("s2", "retained.mp3", "retained", false);
        String version = proxy.direct().headObject(b -> b.bucket(bucket).key(kept)).versionId();
        Instant until = Instant.now().plus(Duration.ofDays(1));
        proxy.direct().putObjectRetention(b -> b.bucket(bucket).key(kept).versionId(version)
                .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(until)));

        String id = app().delete("/api/v1/projects/p1?user_id=" + user).json().getString("id");
        JsonObject held = Deletions.awaitFinished(app(), id, FINISH);

        assertThat(held.getString("state")).isEqualTo("completed_with_holds");
        assertThat(app().get("/api/v1/deletions/" + id + "/keys?outcome=held").json().getJsonArray("items")
                .getJsonObject(0).getString("error")).contains("retention_governance until");
        assertThat(app().post("/api/v1/deletions/" + id + "/retry?bypass_governance=true").status())
                .as("bypassing retention is an admin's").isEqualTo(403);
        assertThat(app().post("/api/v1/deletions/" + id + "/retry").status()).as("nothing failed").isEqualTo(409);
        assertThat(s3.versions(bucket, kept)).hasSize(1);

        Api.Reply bypassed = Api.asAdmin(SERVER.get()).post("/api/v1/deletions/" + id + "/retry?bypass_governance=true");
        assertThat(bypassed.status()).as(bypassed.toString()).isEqualTo(202);
        JsonObject done = awaitState(id, "completed");

        assertThat(done.getJsonNumber("held").longValue()).isZero();
        assertThat(s3.versions(bucket, kept)).as("the admin's bypass erased it").isEmpty();
        assertThat(Api.asAdmin(SERVER.get()).get("/api/v1/audit?deletion_id=" + id).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getString("detail", "")))
                .anySatisfy(detail -> assertThat(detail).contains("governance retention bypassed"));
    }

    private JsonObject awaitState(String id, String state) {
        Instant deadline = Instant.now().plus(FINISH);
        JsonObject deletion = app().get("/api/v1/deletions/" + id).json();
        while (!deletion.getString("state").equals(state) && Instant.now().isBefore(deadline)) {
            Deletions.sleep(500);
            deletion = app().get("/api/v1/deletions/" + id).json();
        }
        assertThat(deletion.getString("state")).as(deletion.toString()).isEqualTo(state);
        return deletion;
    }

    @Test
    void aQuarantinedOrphanLeavesNoVersionBehindAndItsRestoreLeavesNoCopy() {
        String orphan = "users/" + user + "/projects/p9/scenes/s1/audio/orphan.mp3";
        s3.put(bucket, orphan, "old".getBytes(StandardCharsets.UTF_8));
        s3.put(bucket, orphan, "latest".getBytes(StandardCharsets.UTF_8));
        Api admin = Api.asAdmin(SERVER.get());
        String run = "{\"key_prefix\": \"users/" + user + "/\", \"orphan_action\": \"quarantine\","
                + " \"orphan_min_age_days\": 0%s}";
        JsonObject dry = maintenance(admin, run.formatted(""));
        JsonObject done = maintenance(admin, run.formatted(", \"dry_run\": false, \"confirmation_token\": \""
                + dry.getString("confirmation_token") + "\""));

        assertThat(done.getJsonObject("actions").getInt("quarantined")).isEqualTo(1);
        assertThat(s3.versions(bucket, orphan)).as("the older version went with the current one").isEmpty();
        String copy = "_quarantine/" + done.getString("id") + "/" + orphan;
        assertThat(s3.versions(bucket, copy)).hasSize(1);

        String id = admin.get("/api/v1/quarantine?state=quarantined&limit=1000").json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(q -> q.getString("original_key").equals(orphan))
                .findFirst().orElseThrow().getString("id");
        Api.Reply restored = admin.post("/api/v1/quarantine/" + id + "/restore");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(s3.versions(bucket, orphan)).hasSize(1);
        assertThat(proxy.direct().getObjectAsBytes(b -> b.bucket(bucket).key(orphan)).asUtf8String())
                .isEqualTo("latest");
        assertThat(s3.versions(bucket, copy)).as("no version of the quarantine copy stays").isEmpty();
    }

    private static JsonObject maintenance(Api admin, String body) {
        Api.Reply started = admin.postJson("/api/v1/maintenance/runs", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().getString("id");
        JsonObject run = Await.until("maintenance run " + id + " ends", () -> admin.get("/api/v1/maintenance/runs/" + id)
                .json(), r -> !Set.of("queued", "running").contains(r.getString("state")), Duration.ofSeconds(60));
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
        return run;
    }

    @Test
    void versionsAndMarkersLeftByAnotherClientAreFoundSweptVerifiedAndEachNamedInTheProof() throws Exception {
        String tracked = upload("s1", "a.mp3", "tracked", false);
        String stray = "users/" + user + "/projects/p2/scenes/s1/audio/stray.mp3";
        s3.put(bucket, stray, new byte[] {1});
        s3.put(bucket, stray, new byte[] {2});
        s3.deleteCurrent(bucket, stray);
        assertThat(s3.versions(bucket, stray)).as("two versions under a marker").hasSize(3);
        List<String> strayVersions = s3.versions(bucket, stray).stream()
                .map(v -> v.substring(v.indexOf('@') + 1).replace("marker:", "")).sorted(ReceiptIT.BYTE_ORDER).toList();

        JsonObject done = Deletions.awaitFinished(app(), app().delete("/api/v1/users/" + user).json().getString("id"),
                FINISH);

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(s3.versions(bucket, "users/" + user + "/")).as("nothing of the user is left").isEmpty();
        assertThat(s3.versions(bucket, tracked)).isEmpty();

        String id = done.getString("id");
        JsonObject strayKey = app().get("/api/v1/deletions/" + id + "/keys").json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(k -> k.getString("key").equals(stray)).findFirst()
                .orElseThrow();
        assertThat(ReceiptIT.strings(strayKey, "version_ids")).as("both versions and the marker, in byte order")
                .isEqualTo(strayVersions);
        List<JsonObject> audited = Api.asAdmin(SERVER.get()).get("/api/v1/audit?key=" + stray).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(e -> e.getString("outcome").equals("deleted")).toList();
        assertThat(audited).extracting(e -> e.getString("version_id")).containsExactlyInAnyOrderElementsOf(strayVersions);

        JsonObject page = app().get("/api/v1/deletions/" + id + "/receipt/keys").json();
        List<JsonObject> leaves = page.getJsonArray("items").getValuesAs(JsonObject.class);
        String trackedVersion = ReceiptIT.strings(app().get("/api/v1/deletions/" + id + "/keys").json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(k -> k.getString("key").equals(tracked)).findFirst()
                .orElseThrow(), "version_ids").get(0);
        List<String> expected = new ArrayList<>();
        expected.add(tracked + "@" + trackedVersion);
        strayVersions.forEach(v -> expected.add(stray + "@" + v));
        expected.sort(ReceiptIT.BYTE_ORDER);
        assertThat(leaves).extracting(l -> l.getString("key") + "@" + l.getString("version_id"))
                .as("one leaf a version, keys in byte order then version ids").isEqualTo(expected);
        List<byte[]> hashes = new ArrayList<>();
        for (JsonObject leaf : leaves) {
            hashes.add(ReceiptIT.leafHash(leaf.getString("key"), leaf.getString("version_id")));
        }
        byte[] root = ReceiptIT.root(hashes);
        assertThat(page.getString("merkle_root")).isEqualTo(HexFormat.of().formatHex(root));

        String marker = strayVersions.get(1);
        JsonObject proof = app().get("/api/v1/deletions/" + id + "/receipt/keys?key=" + stray + "&version_id="
                + marker).json();
        assertThat(proof.getString("version_id")).isEqualTo(marker);
        assertThat(ReceiptIT.included(proof.getJsonNumber("index").longValue(), leaves.size(),
                ReceiptIT.leafHash(stray, marker), ReceiptIT.strings(proof, "audit_path").stream()
                        .map(HexFormat.of()::parseHex).toList(), root))
                .as("the version's inclusion checks out").isTrue();
        assertThat(app().get("/api/v1/deletions/" + id + "/receipt/keys?key=" + stray).status())
                .as("a versioned key's leaf needs its version id").isEqualTo(404);
    }
}
