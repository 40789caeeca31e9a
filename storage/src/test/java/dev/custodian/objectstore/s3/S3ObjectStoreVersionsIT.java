package dev.custodian.objectstore.s3;

import dev.custodian.objectstore.entity.BucketVersioning;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.HeldVersion;
import dev.custodian.objectstore.entity.HoldReason;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectVersion;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.testing.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Every version erased" against Adobe S3Mock, which keeps versions, delete markers, legal holds
 * and retention. S3Mock 4.11.0 deletes locked versions regardless, so the cases with Object Lock go
 * through {@link AwsDeleteSemantics}, which refuses them the way S3 does; the holds and dates the
 * store reads back are S3Mock's own.
 */
class S3ObjectStoreVersionsIT {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final List<AutoCloseable> CLIENTS = new ArrayList<>();
    /** S3 operations sent by the stores under test, by name (ListObjectVersions, DeleteObjects…). */
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    private static S3MockServer server;
    private static String versionedBucket;
    private static String lockedBucket;
    /** The test's own hands on the buckets, to set up what the store must then find. */
    private static S3Client raw;

    /** Every test works under its own prefix, so no test sees another's objects. */
    private final String base = "t-" + UUID.randomUUID() + "/";

    @BeforeAll
    static void start() {
        server = S3MockServer.shared();
        versionedBucket = server.createVersionedBucket(bucketName("versioned"));
        lockedBucket = server.createLockedBucket(bucketName("locked"));
        raw = client(S3Clients.client(settings(versionedBucket, S3Settings.Versions.ALL)));
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable client : CLIENTS) {
            client.close();
        }
    }

    private static String bucketName(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static S3Settings settings(String bucket, S3Settings.Versions versions) {
        return new S3Settings(URI.create(server.endpoint()), "us-east-1", bucket, S3MockServer.ACCESS_KEY,
                S3MockServer.SECRET_KEY, true, REQUEST_TIMEOUT, versions);
    }

    private static <T extends AutoCloseable> T client(T client) {
        CLIENTS.add(client);
        return client;
    }

    /** A store on the bucket whose requests are counted in {@link #CALLS}. */
    private static S3ObjectStore store(String bucket, S3Settings.Versions versions, boolean asAws) {
        S3Settings settings = settings(bucket, versions);
        S3Client client = client(S3Clients.client(settings,
                (operation, nanos, error) -> CALLS.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet()));
        return new S3ObjectStore(asAws ? AwsDeleteSemantics.around(client, raw) : client,
                client(S3Clients.presigner(settings)), bucket, REQUEST_TIMEOUT, versions);
    }

    private static int calls(String operation) {
        return CALLS.getOrDefault(operation, new AtomicInteger()).get();
    }

    private static String write(String bucket, String key, String text) {
        return raw.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text)).versionId();
    }

    private static String deleteCurrent(String bucket, String key) {
        return raw.deleteObject(b -> b.bucket(bucket).key(key)).versionId();
    }

    private static List<ObjectVersion> versions(S3ObjectStore store, String prefix) {
        try (var listing = store.listVersions(prefix)) {
            return listing.toList();
        }
    }

    @Test
    void deleteErasesEveryVersionAndMarkerOfExactlyTheGivenKeys() {
        S3ObjectStore store = store(versionedBucket, S3Settings.Versions.ALL, false);
        String folder = base + "owner-1/";
        List<String> aVersions = List.of(write(versionedBucket, folder + "a.mp3", "a1"),
                write(versionedBucket, folder + "a.mp3", "a2"), write(versionedBucket, folder + "a.mp3", "a3"));
        write(versionedBucket, folder + "gone.mp3", "g1");
        deleteCurrent(versionedBucket, folder + "gone.mp3"); // a delete marker on top
        write(versionedBucket, folder + "a.mp3.bak", "b1");
        write(versionedBucket, folder + "a.mp3.bak", "b2");
        write(versionedBucket, folder + "owner-2-clip.mp4", "o1"); // another owner's key in the same folder
        write(versionedBucket, folder + "owner-2-clip.mp4", "o2");
        write(versionedBucket, folder + "sub/a.mp3", "s1");
        String rootKey = "root-" + UUID.randomUUID() + ".mp3"; // no '/': listed by itself
        write(versionedBucket, rootKey, "r1");
        write(versionedBucket, rootKey + ".bak", "r2");
        int listingsBefore = calls("ListObjectVersions");

        List<String> keys = List.of(folder + "a.mp3", folder + "gone.mp3", folder + "never-there.mp3", rootKey);
        List<DeleteOutcome> outcomes = store.delete(keys);

        assertThat(outcomes).extracting(DeleteOutcome::key).containsExactlyElementsOf(keys);
        assertThat(outcomes).allMatch(DeleteOutcome::deleted);
        assertThat(outcomes.get(0).deletedVersionIds()).containsExactlyInAnyOrderElementsOf(aVersions);
        assertThat(outcomes.get(1).deletedVersionIds()).as("the version and its marker").hasSize(2);
        assertThat(outcomes.get(2).deletedVersionIds()).as("nothing there counts as deleted").isEmpty();
        assertThat(calls("ListObjectVersions") - listingsBefore).as("one listing for the folder, one for the root key")
                .isEqualTo(2);
        assertThat(versions(store, folder)).extracting(ObjectVersion::key).containsExactlyInAnyOrder(
                folder + "a.mp3.bak", folder + "a.mp3.bak", folder + "owner-2-clip.mp4", folder + "owner-2-clip.mp4",
                folder + "sub/a.mp3");
        assertThat(versions(store, rootKey)).extracting(ObjectVersion::key).containsExactly(rootKey + ".bak");
    }

    @Test
    void listVersionsReportsVersionsAndMarkersNewestFirst() {
        S3ObjectStore store = store(versionedBucket, S3Settings.Versions.ALL, false);
        String v1 = write(versionedBucket, base + "k", "one");
        String v2 = write(versionedBucket, base + "k", "three");
        deleteCurrent(versionedBucket, base + "k");

        List<ObjectVersion> found = versions(store, base);

        assertThat(found).hasSize(3);
        assertThat(found.get(0).deleteMarker()).isTrue();
        assertThat(found.get(0).latest()).isTrue();
        assertThat(found.get(0).etag()).isNull();
        assertThat(found.subList(1, 3)).extracting(ObjectVersion::versionId).containsExactly(v2, v1);
        assertThat(found.get(1).sizeBytes()).isEqualTo(5);
        assertThat(found.get(1).latest()).isFalse();
        assertThat(found).allMatch(v -> v.lastModified() != null);
    }

    @Test
    void currentModeOnlyAddsADeleteMarker() {
        S3ObjectStore store = store(versionedBucket, S3Settings.Versions.CURRENT, false);
        write(versionedBucket, base + "k", "1");
        write(versionedBucket, base + "k", "2");

        DeleteOutcome outcome = store.delete(List.of(base + "k")).get(0);

        assertThat(outcome.deleted()).isTrue();
        assertThat(outcome.deletedVersionIds()).isEmpty();
        assertThat(versions(store, base)).extracting(ObjectVersion::deleteMarker).containsExactly(true, false, false);
    }

    @Test
    void aVersionUnderLegalHoldIsHeldWhileTheKeysOtherVersionsGo() {
        S3ObjectStore store = store(lockedBucket, S3Settings.Versions.ALL, true);
        String key = base + "evidence.mp3";
        String heldVersion = write(lockedBucket, key, "1");
        String v2 = write(lockedBucket, key, "2");
        String v3 = write(lockedBucket, key, "3");
        raw.putObjectLegalHold(b -> b.bucket(lockedBucket).key(key).versionId(heldVersion)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        int lookupsBefore = calls("GetObjectLegalHold");

        DeleteOutcome outcome = store.delete(List.of(key)).get(0);

        assertThat(outcome.held()).isTrue();
        assertThat(outcome.deleted()).isFalse();
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.code()).isEqualTo("AccessDenied");
        assertThat(outcome.heldVersions()).containsExactly(new HeldVersion(heldVersion, HoldReason.LEGAL_HOLD, null));
        assertThat(outcome.heldVersions().get(0).reason().wireName()).isEqualTo("legal_hold");
        assertThat(outcome.deletedVersionIds()).containsExactlyInAnyOrder(v2, v3);
        assertThat(calls("GetObjectLegalHold") - lookupsBefore).as("asked of the refused version only").isEqualTo(1);
        assertThat(versions(store, key)).extracting(ObjectVersion::versionId).containsExactly(heldVersion);

        raw.putObjectLegalHold(b -> b.bucket(lockedBucket).key(key).versionId(heldVersion)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
        DeleteOutcome afterLifting = store.delete(List.of(key)).get(0);

        assertThat(afterLifting.deleted()).isTrue();
        assertThat(afterLifting.deletedVersionIds()).containsExactly(heldVersion);
        assertThat(versions(store, key)).isEmpty();
    }

    @Test
    void governanceRetentionHoldsUntilItsDateUnlessBypassed() {
        S3ObjectStore store = store(lockedBucket, S3Settings.Versions.ALL, true);
        String key = base + "retained.mp3";
        String retained = write(lockedBucket, key, "1");
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        raw.putObjectRetention(b -> b.bucket(lockedBucket).key(key).versionId(retained)
                .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(until)));

        DeleteOutcome outcome = store.delete(List.of(key)).get(0);

        assertThat(outcome.held()).isTrue();
        assertThat(outcome.heldVersions()).containsExactly(
                new HeldVersion(retained, HoldReason.RETENTION_GOVERNANCE, until));
        assertThat(outcome.deletedVersionIds()).isEmpty();

        DeleteOutcome bypassed = store.delete(List.of(key), true).get(0);

        assertThat(bypassed.deleted()).isTrue();
        assertThat(bypassed.deletedVersionIds()).containsExactly(retained);
        assertThat(versions(store, key)).isEmpty();
    }

    @Test
    void complianceRetentionHoldsEvenWhenGovernanceIsBypassed() {
        S3ObjectStore store = store(lockedBucket, S3Settings.Versions.ALL, true);
        String key = base + "compliance.mp3";
        String retained = write(lockedBucket, key, "1");
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        raw.putObjectRetention(b -> b.bucket(lockedBucket).key(key).versionId(retained)
                .retention(r -> r.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until)));

        DeleteOutcome outcome = store.delete(List.of(key, base + "free.mp3"), true).get(0);

        assertThat(outcome.held()).isTrue();
        assertThat(outcome.heldVersions()).containsExactly(
                new HeldVersion(retained, HoldReason.RETENTION_COMPLIANCE, until));
        assertThat(outcome.heldVersions().get(0).reason().wireName()).isEqualTo("retention_compliance");
    }

    @Test
    void deleteOlderVersionsKeepsTheNewUploadAndAnythingNewer() {
        S3ObjectStore store = store(versionedBucket, S3Settings.Versions.ALL, false);
        String key = base + "replaced.mp3";
        ObjectInfo first = store.put(key, Payload.of("1".getBytes(StandardCharsets.UTF_8)), "audio/mpeg");
        deleteCurrent(versionedBucket, key); // a marker between the uploads
        ObjectInfo replacement = store.put(key, Payload.of("2".getBytes(StandardCharsets.UTF_8)), "audio/mpeg");
        ObjectInfo later = store.put(key, Payload.of("3".getBytes(StandardCharsets.UTF_8)), "audio/mpeg");
        assertThat(List.of(first, replacement, later)).allMatch(o -> o.versionId() != null);
        assertThat(store.head(key).orElseThrow().versionId()).isEqualTo(later.versionId());

        DeleteOutcome outcome = store.deleteOlderVersions(key, replacement.versionId());

        assertThat(outcome.deleted()).isTrue();
        assertThat(outcome.deletedVersionIds()).hasSize(2).contains(first.versionId());
        assertThat(versions(store, key)).extracting(ObjectVersion::versionId)
                .containsExactly(later.versionId(), replacement.versionId());

        DeleteOutcome unknown = store.deleteOlderVersions(key, "no-such-version");
        assertThat(unknown.failed()).isTrue();
        assertThat(unknown.code()).isEqualTo("NoSuchVersion");
        assertThat(unknown.transientFailure()).isFalse();
    }

    @Test
    void deleteOlderVersionsDoesNothingInCurrentModeOrOnAnUnversionedBucket() {
        String key = base + "replaced.mp3";
        write(versionedBucket, key, "1");
        String kept = write(versionedBucket, key, "2");
        S3ObjectStore current = store(versionedBucket, S3Settings.Versions.CURRENT, false);

        assertThat(current.deleteOlderVersions(key, kept).deleted()).isTrue();
        assertThat(versions(current, key)).hasSize(2);

        String plainBucket = server.createBucket(bucketName("plain"));
        S3ObjectStore plain = store(plainBucket, S3Settings.Versions.ALL, false);
        ObjectInfo stored = plain.put(key, Payload.of(new byte[] {1}), "audio/mpeg");
        assertThat(stored.versionId()).isNull();
        assertThat(plain.deleteOlderVersions(key, stored.versionId()).deleted()).isTrue();
        assertThat(plain.head(key)).isPresent();
    }

    @Test
    void versioningReadsEachStateOfTheBucket() {
        String bucket = server.createBucket(bucketName("states"));
        S3ObjectStore store = store(bucket, S3Settings.Versions.ALL, false);
        assertThat(store.versioning()).isEqualTo(BucketVersioning.UNVERSIONED);

        server.setVersioning(bucket, "Enabled");
        assertThat(store.versioning()).isEqualTo(BucketVersioning.ENABLED);

        server.setVersioning(bucket, "Suspended");
        assertThat(store.versioning()).isEqualTo(BucketVersioning.SUSPENDED);
        assertThat(store.versioning().keepsVersions()).isTrue();
    }

    @Test
    void aBucketVersionedSinceTheStoreLastAskedIsNoticedByTheMarkerItsDeleteReports() {
        String bucket = server.createBucket(bucketName("late"));
        S3ObjectStore store = store(bucket, S3Settings.Versions.ALL, true);
        assertThat(store.delete(List.of(base + "nothing"))).allMatch(DeleteOutcome::deleted); // reads UNVERSIONED
        server.setVersioning(bucket, "Enabled");
        write(bucket, base + "k", "1");
        write(bucket, base + "k", "2");

        DeleteOutcome outcome = store.delete(List.of(base + "k")).get(0);

        assertThat(outcome.deleted()).isTrue();
        assertThat(outcome.deletedVersionIds()).as("both versions and the marker the first attempt made").hasSize(3);
        assertThat(versions(store, base)).isEmpty();
    }

    /** Why the versioned cases judge by ListObjectVersions, never by ListObjectsV2. */
    @Test
    void s3MockStillListsAKeyWhoseLatestVersionIsADeleteMarker() {
        S3ObjectStore store = store(versionedBucket, S3Settings.Versions.CURRENT, false);
        write(versionedBucket, base + "k", "1");
        store.delete(List.of(base + "k"));

        try (var listing = store.list(base)) {
            assertThat(listing.map(ObjectInfo::key).toList()).as("S3 would list nothing here").containsExactly(base + "k");
        }
        assertThat(store.head(base + "k")).as("while HEAD sees the marker").isEmpty();
        assertThat(versions(store, base).get(0).deleteMarker()).isTrue();
    }

    /** Why the Object Lock cases go through {@link AwsDeleteSemantics}. */
    @Test
    void s3MockDeletesAVersionUnderLegalHoldAndCallsItDeleted() {
        String key = base + "held.mp3";
        String held = write(lockedBucket, key, "1");
        write(lockedBucket, key, "2");
        raw.putObjectLegalHold(b -> b.bucket(lockedBucket).key(key).versionId(held)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));

        var answer = raw.deleteObjects(b -> b.bucket(lockedBucket)
                .delete(d -> d.objects(o -> o.key(key).versionId(held))));

        assertThat(answer.errors()).as("S3 answers AccessDenied").isEmpty();
        assertThat(answer.deleted()).hasSize(1);
        S3ObjectStore store = store(lockedBucket, S3Settings.Versions.ALL, false);
        assertThat(versions(store, key)).extracting(ObjectVersion::versionId).doesNotContain(held);
    }

    /** Why no case here runs on a suspended bucket. */
    @Test
    void s3MockForgetsEveryObjectWhenVersioningIsSuspended() {
        String bucket = server.createVersionedBucket(bucketName("suspend"));
        write(bucket, "k", "1");
        S3ObjectStore store = store(bucket, S3Settings.Versions.ALL, false);
        assertThat(versions(store, "")).hasSize(1);

        server.setVersioning(bucket, "Suspended");

        assertThat(versions(store, "")).as("S3 keeps them").isEmpty();
        assertThat(store.head("k")).isEmpty();
    }
}
