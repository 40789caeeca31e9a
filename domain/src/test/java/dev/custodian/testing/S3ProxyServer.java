package dev.custodian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * S3Proxy as a separate process (its fat jar bundles an unshaded AWS SDK, so it must not share our
 * class path), with the filesystem backend in a temporary folder and SigV4 checks on. The build
 * copies the jar and names it in the system property {@code custodian.test.s3proxy-jar}.
 */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "it-access-key";
    public static final String SECRET_KEY = "it-secret-key-0123456789";
    public static final String BUCKET = "custodian-it";

    private static S3ProxyServer shared;

    private final int port;
    private final Path directory;
    private final String jar;
    private Process process;

    private S3ProxyServer(int port, Path directory, String jar) {
        this.port = port;
        this.directory = directory;
        this.jar = jar;
    }

    /** The server of this JVM, started on first use with an empty {@link #BUCKET}. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop s3proxy"));
        }
        return shared;
    }

    private static S3ProxyServer start() {
        String jar = System.getProperty("custodian.test.s3proxy-jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no S3Proxy jar at " + jar + " (run the tests through Maven)");
        }
        try {
            int port = FreePorts.next();
            Path directory = Files.createTempDirectory("custodian-s3proxy-");
            Files.createDirectories(directory.resolve("data").resolve(BUCKET));
            Path properties = directory.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + directory.resolve("data"),
                    ""));
            S3ProxyServer server = new S3ProxyServer(port, directory, jar);
            server.resume();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
    }

    /** Stops the process, as an outage of the store would look; the objects stay on disk. */
    public synchronized void pause() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code SIGSTOP}: the store hangs, accepting connections and answering nothing, until {@link #thaw()}. */
    public synchronized void freeze() {
        signal("-STOP");
    }

    /** {@code SIGCONT}: the frozen store carries on where it stopped. */
    public synchronized void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the process (again) on the same port with the same objects. */
    public synchronized void resume() {
        try {
            process = new ProcessBuilder(javaExecutable(), "-jar", jar, "--properties",
                    directory.resolve("s3proxy.properties").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
        awaitListening(Duration.ofSeconds(30));
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitListening(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited; see " + directory.resolve("s3proxy.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on " + port + " within " + limit);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where the filesystem backend keeps the bucket's objects (one file per key). */
    public Path bucketDirectory() {
        return directory.resolve("data").resolve(BUCKET);
    }

    private void stop() {
        process.destroy();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
