package dev.custodian.objectstore.s3;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.PresignedRequest;
import dev.custodian.objectstore.entity.BucketVersioning;
import dev.custodian.objectstore.entity.ObjectVersion;
import dev.custodian.testing.FreePorts;
import dev.custodian.testing.S3MockServer;
import dev.custodian.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 adapter against a real S3Proxy over HTTP, with SigV4 checked; the cases that do not
 * depend on S3Proxy (outages, signatures) run against S3Mock too, on a plain and on a versioned
 * bucket, where a delete erases every version.
 */
class S3ObjectStoreIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static S3ObjectStore store;
    private static final List<AutoCloseable> CLIENTS = new ArrayList<>();
    /** S3 operations sent by {@link #store}, by name. */
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static List<Server> servers;

    /** A store on one of the servers, named for the test report. */
    record Server(String name, S3ObjectStore store, String endpoint, String bucket) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every test works under its own prefix, so no test sees another's objects. */
    private final String base = "t-" + UUID.randomUUID() + "/";

    @BeforeAll
    static void connect() {
        S3ProxyServer server = S3ProxyServer.shared();
        store = open(server.endpoint(), S3ProxyServer.SECRET_KEY, S3ProxyServer.BUCKET);
    }

    static synchronized Stream<Server> servers() {
        if (servers == null) {
            S3MockServer s3mock = S3MockServer.shared();
            String plain = s3mock.createBucket("plain-" + UUID.randomUUID().toString().substring(0, 8));
            String versioned = s3mock.createVersionedBucket("versioned-" + UUID.randomUUID().toString().substring(0, 8));
            servers = List.of(
                    new Server("S3Proxy", open(S3ProxyServer.shared().endpoint(), S3ProxyServer.SECRET_KEY,
                            S3ProxyServer.BUCKET), S3ProxyServer.shared().endpoint(), S3ProxyServer.BUCKET),
                    new Server("S3Mock", open(s3mock.endpoint(), S3ProxyServer.SECRET_KEY, plain), s3mock.endpoint(), plain),
                    new Server("S3Mock versioned", open(s3mock.endpoint(), S3ProxyServer.SECRET_KEY, versioned),
                            s3mock.endpoint(), versioned));
        }
        return servers.stream();
    }

    private static S3ObjectStore open(String endpoint, String secret, String bucket) {
        OpenStore opened = OpenStore.on(endpoint, S3ProxyServer.ACCESS_KEY, secret, bucket, REQUEST_TIMEOUT,
                (operation, nanos, error) -> CALLS.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet());
        CLIENTS.add(opened);
        return opened.store();
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable client : CLIENTS) {
            client.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void storesAFileAndReportsItsMetadataAndBytes(Server server) throws Exception {
        Path file = Files.createTempFile("it", ".mp3");
        Files.writeString(file, "narration bytes");
        ObjectInfo stored = server.store().put(base + "a.mp3", Payload.of(file, Files.size(file)), "audio/mpeg");

        var head = server.store().head(base + "a.mp3").orElseThrow();
        assertThat(head.sizeBytes()).isEqualTo(15).isEqualTo(stored.sizeBytes());
        assertThat(head.contentType()).isEqualTo("audio/mpeg");
        assertThat(head.etag()).isEqualTo(stored.etag());
        try (InputStream in = server.store().get(base + "a.mp3")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("narration bytes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void headOfAnAbsentKeyIsEmptyNotAnError(Server server) {
        assertThat(server.store().head(base + "nothing-here")).isEmpty();
    }

    /** S3Proxy only: 1005 uploads take 20 s on each server. */
    @Test
    void listsEveryPageAndOnlyUnderThePrefix() {
        IntStream.range(0, 1005).forEach(i -> store.put(base + "p1/" + i, Payload.of(new byte[] {1}),
                "application/octet-stream"));
        store.put(base + "p10/x", Payload.of(new byte[] {1}), "application/octet-stream");

        try (var listing = store.list(base + "p1/")) {
            List<String> keys = listing.map(ObjectInfo::key).toList();
            assertThat(keys).hasSize(1005).allMatch(k -> k.startsWith(base + "p1/"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void deletesABatchAndCountsAbsentKeysAsDeleted(Server server) {
        server.store().put(base + "x", Payload.of(new byte[] {1}), "text/plain");
        server.store().put(base + "y", Payload.of(new byte[] {2}), "text/plain");

        List<DeleteOutcome> outcomes = server.store().delete(List.of(base + "x", base + "y", base + "never-existed"));

        assertThat(outcomes).extracting(DeleteOutcome::key)
                .containsExactly(base + "x", base + "y", base + "never-existed");
        assertThat(outcomes).allMatch(DeleteOutcome::deleted);
        assertThat(server.store().head(base + "x")).isEmpty();
        assertThat(server.store().head(base + "y")).isEmpty();
        try (var versions = server.store().listVersions(base)) {
            assertThat(versions.toList()).as("no version or marker left behind either").isEmpty();
        }
    }

    /**
     * S3Proxy 4.1.0 keeps no versions: GetBucketVersioning answers an empty configuration (as S3
     * does for a bucket never versioned), ListObjectVersions and PutBucketVersioning 501.
     */
    @Test
    void onS3ProxyADeleteIsStillOneDeleteObjectsRequest() {
        assertThat(store.versioning()).isEqualTo(BucketVersioning.UNVERSIONED);
        ObjectInfo stored = store.put(base + "x", Payload.of(new byte[] {1}), "text/plain");
        assertThat(stored.versionId()).isNull();
        try (var versions = store.listVersions(base)) {
            assertThat(versions.toList()).extracting(ObjectVersion::key, ObjectVersion::versionId, ObjectVersion::latest)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(base + "x", null, true));
        }
        assertThat(store.deleteOlderVersions(base + "x", null).deleted()).isTrue();
        assertThat(store.head(base + "x")).as("nothing older to erase, the object stays").isPresent();
        int deletes = calls("DeleteObjects");
        int listings = calls("ListObjectVersions");

        assertThat(store.delete(List.of(base + "x"), true)).allMatch(DeleteOutcome::deleted);

        assertThat(calls("DeleteObjects") - deletes).isEqualTo(1);
        assertThat(calls("ListObjectVersions") - listings).isZero();
        assertThat(store.head(base + "x")).isEmpty();
    }

    private static int calls(String operation) {
        return CALLS.getOrDefault(operation, new AtomicInteger()).get();
    }

    @Test
    void refusesMoreKeysThanOneDeleteObjectsRequestTakes() {
        List<String> keys = IntStream.range(0, ObjectStore.MAX_DELETE_BATCH + 1).mapToObj(i -> base + i).toList();
        assertThatThrownBy(() -> store.delete(keys)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void presignedPutAndGetWorkWithoutCredentials(Server server) throws Exception {
        byte[] body = "direct upload".getBytes(StandardCharsets.UTF_8);
        PresignedRequest put = server.store().presignPut(base + "direct.txt", "text/plain", body.length, Duration.ofMinutes(5));
        var request = HttpRequest.newBuilder(put.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        put.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) { // set by the client from the body
                request.header(name, value);
            }
        });
        assertThat(HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

        PresignedRequest get = server.store().presignGet(base + "direct.txt", Duration.ofMinutes(5), null);
        var response = HTTP.send(HttpRequest.newBuilder(get.url()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("direct upload");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void copiesOnTheServerSide(Server server) throws Exception {
        server.store().put(base + "from", Payload.of("payload".getBytes(StandardCharsets.UTF_8)), "text/plain");
        server.store().copy(base + "from", base + "to");
        try (InputStream in = server.store().get(base + "to")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("payload");
        }
    }

    @Test
    void listsAndAbortsIncompleteMultipartUploads() {
        S3ProxyServer server = S3ProxyServer.shared();
        S3Settings settings = new S3Settings(URI.create(server.endpoint()), "us-east-1", S3ProxyServer.BUCKET,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true, REQUEST_TIMEOUT, S3Settings.Versions.ALL);
        try (var client = S3Clients.client(settings)) {
            client.createMultipartUpload(b -> b.bucket(S3ProxyServer.BUCKET).key(base + "big.mp4"));
        }
        List<dev.custodian.objectstore.entity.IncompleteUpload> open;
        try (var uploads = store.incompleteUploads(base)) {
            open = uploads.toList();
        }
        assertThat(open).extracting(dev.custodian.objectstore.entity.IncompleteUpload::key).containsExactly(base + "big.mp4");
        assertThat(open.get(0).initiated()).isNotNull();

        store.abortUpload(open.get(0));
        store.abortUpload(open.get(0)); // a second abort is harmless

        try (var uploads = store.incompleteUploads(base)) {
            assertThat(uploads.toList()).isEmpty();
        }
    }

    @Test
    void anUnreachableStoreIsATransientFailure() {
        S3ObjectStore nowhere = open("http://127.0.0.1:" + FreePorts.next(), S3ProxyServer.SECRET_KEY,
                S3ProxyServer.BUCKET);
        assertThatThrownBy(() -> nowhere.head("k"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isTrue());
        assertThat(nowhere.isReachable()).isFalse();
    }

    @Test
    void wrongCredentialsAreAPermanentFailure() {
        S3ObjectStore impostor = open(S3ProxyServer.shared().endpoint(), "not-the-secret", S3ProxyServer.BUCKET);
        assertThatThrownBy(() -> impostor.put(base + "k", Payload.of(new byte[] {1}), "text/plain"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isFalse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aHeadInABucketThatDoesNotExistIsAnErrorNotAnAbsentKey(Server server) {
        S3ObjectStore wrongBucket = open(server.endpoint(), S3ProxyServer.SECRET_KEY,
                "no-such-bucket-" + UUID.randomUUID());
        assertThatThrownBy(() -> wrongBucket.head("k"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo("NoSuchBucket");
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void aFrozenStoreFailsEveryRequestAsTransientWithinTheRequestTimeout() {
        store.put(base + "k", Payload.of(new byte[] {1}), "text/plain");
        S3ProxyServer.shared().freeze();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.head(base + "k"))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThatThrownBy(() -> store.delete(List.of(base + "k")))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(store.isReachable()).isFalse();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).as("three requests, each bounded").isLessThan(REQUEST_TIMEOUT.multipliedBy(3).plusSeconds(2));
        } finally {
            S3ProxyServer.shared().thaw();
        }
        assertThat(store.head(base + "k")).as("the store answers again after SIGCONT").isPresent();
    }
}
