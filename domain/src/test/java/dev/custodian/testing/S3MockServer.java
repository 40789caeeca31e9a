package dev.custodian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Adobe S3Mock as a separate process, the second real S3 server of the tests: unlike S3Proxy it
 * keeps versions, delete markers, legal holds and retention. It checks no signature, so any
 * credentials do. The build copies its jar and names it in the system property {@code
 * custodian.test.s3mock-jar}.
 *
 * <p>What S3Mock 4.11.0 does unlike S3, measured here (the first three are pinned by tests in
 * storage's S3ObjectStoreVersionsIT): it deletes a version under a legal hold or retention like
 * any other (DeleteObjects answers "Deleted", a single DELETE 204); suspending versioning forgets
 * every object written before (and a delete without version id on a suspended bucket removes all
 * of a key's versions); its ListObjectsV2 still lists a key whose latest version is a delete
 * marker; creating a bucket with Object Lock does not enable its versioning (so {@link
 * #createLockedBucket} does both); DeleteObjects never reports the delete markers it makes, and
 * DELETE of an absent key makes none; a marker carries the time of the version it hides; and
 * ListObjectVersions skips entries across pages (its next-marker names the first entry not
 * returned, which the next page then leaves out). Judge versioned cases by ListObjectVersions, in
 * folders of fewer than 1000 versions.
 */
public final class S3MockServer {

    /** Any will do: S3Mock checks no signature. */
    public static final String ACCESS_KEY = "it-access-key";
    public static final String SECRET_KEY = "it-secret-key-0123456789";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String VERSIONING = """
            <VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>%s</Status></VersioningConfiguration>""";

    private static S3MockServer shared;

    private final int port;
    private final Path directory;
    private final Process process;

    private S3MockServer(int port, Path directory, Process process) {
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    /** The server of this JVM, started on first use (about 7 s) with no buckets. */
    public static synchronized S3MockServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop s3mock"));
        }
        return shared;
    }

    private static S3MockServer start() {
        String jar = System.getProperty("custodian.test.s3mock-jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no S3Mock jar at " + jar + " (run the tests through Maven)");
        }
        try {
            int port = FreePorts.next();
            Path directory = Files.createTempDirectory("custodian-s3mock-");
            Path root = Files.createDirectories(directory.resolve("store"));
            Process process = new ProcessBuilder(S3ProxyServer.javaExecutable(),
                    // a test server: start fast, stay small, leave the cores to the tests
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-jar", jar,
                    "--com.adobe.testing.s3mock.httpPort=" + port,
                    "--server.port=" + FreePorts.next(),
                    "--com.adobe.testing.s3mock.store.root=" + root)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3mock.log").toFile()))
                    .start();
            S3MockServer server = new S3MockServer(port, directory, process);
            server.awaitReady(Duration.ofSeconds(90));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Mock", e);
        }
    }

    /** Ready when it answers ListBuckets; the port opens a moment before that. */
    private void awaitReady(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited; see " + directory.resolve("s3mock.log"));
            }
            try {
                if (send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).GET()) == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("S3Mock did not answer on " + port + " within " + limit + "; see "
                + directory.resolve("s3mock.log"));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A new bucket that keeps no versions. Names: 3 to 63 lower-case letters, digits, '-'. */
    public String createBucket(String name) {
        expect(200, "create bucket " + name, HttpRequest.newBuilder(bucketUri(name, ""))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        return name;
    }

    /** A new bucket with versioning enabled. */
    public String createVersionedBucket(String name) {
        createBucket(name);
        setVersioning(name, "Enabled");
        return name;
    }

    /** A new bucket with Object Lock and (which S3 does by itself, S3Mock does not) versioning enabled. */
    public String createLockedBucket(String name) {
        expect(200, "create bucket " + name + " with object lock", HttpRequest.newBuilder(bucketUri(name, ""))
                .header("x-amz-bucket-object-lock-enabled", "true")
                .PUT(HttpRequest.BodyPublishers.noBody()));
        setVersioning(name, "Enabled");
        return name;
    }

    /** {@code Enabled} or {@code Suspended}. Beware: S3Mock 4.11.0 forgets every object when suspending. */
    public void setVersioning(String bucket, String status) {
        expect(200, "versioning " + status + " on " + bucket, HttpRequest.newBuilder(bucketUri(bucket, "?versioning"))
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(VERSIONING.formatted(status))));
    }

    /** Stores bytes under the key (a new version on a versioned bucket), as another client of the bucket would. */
    public void put(String bucket, String key, byte[] bytes) {
        expect(200, "put " + key, HttpRequest.newBuilder(bucketUri(bucket, "/" + key))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** Deletes the key without a version id: on a versioned bucket, a delete marker over its versions. */
    public void deleteCurrent(String bucket, String key) {
        expect(204, "delete " + key, HttpRequest.newBuilder(bucketUri(bucket, "/" + key)).DELETE());
    }

    /**
     * Every version and delete marker under the prefix, one {@code key@versionId} each ({@code
     * key@marker:versionId} for a marker), from ListObjectVersions: what is left of a key on a
     * versioned bucket, whatever ListObjectsV2 shows.
     */
    public List<String> versions(String bucket, String prefix) {
        String body = get(bucketUri(bucket, "?versions&max-keys=1000&prefix="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8)));
        List<String> found = new ArrayList<>();
        Matcher entry = ENTRY.matcher(body);
        while (entry.find()) {
            String key = element(entry.group(2), "Key");
            String version = element(entry.group(2), "VersionId");
            found.add(key + "@" + (entry.group(1).equals("DeleteMarker") ? "marker:" : "") + version);
        }
        return found;
    }

    private static final Pattern ENTRY = Pattern.compile("<(Version|DeleteMarker)>(.*?)</\\1>", Pattern.DOTALL);

    private static String element(String xml, String name) {
        Matcher value = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        return value.find() ? value.group(1) : null;
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + ": S3Mock answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI bucketUri(String bucket, String query) {
        return URI.create(endpoint() + "/" + bucket + query);
    }

    private static void expect(int status, String what, HttpRequest.Builder request) {
        int answered = send(request);
        if (answered != status) {
            throw new IllegalStateException(what + ": S3Mock answered " + answered);
        }
    }

    private static int send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
