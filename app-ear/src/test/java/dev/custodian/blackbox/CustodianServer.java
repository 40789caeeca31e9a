package dev.custodian.blackbox;

import dev.custodian.testing.FreePorts;
import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real distribution ({@code custodian.jar}) as its own process, configured only through the
 * environment as an operator would. One instance serves every black-box test of the JVM.
 */
public final class CustodianServer {

    public static final String ADMIN_TOKEN = "it-admin-token-0123456789";
    public static final String APP_TOKEN = "it-app-token-0123456789";
    public static final String CRON_TOKEN = "it-cron-token-0123456789";

    private static CustodianServer shared;

    private final int port;
    private final Path log;
    /** Environment variables on top of the test defaults. */
    private final Map<String, String> settings;
    private Process process;

    private CustodianServer(int port, Path log, Map<String, String> settings) {
        this.port = port;
        this.log = log;
        this.settings = settings;
    }

    /** A second, unstarted server on the same database and bucket, with some settings changed. */
    public static CustodianServer withSettings(Map<String, String> settings) {
        try {
            return new CustodianServer(FreePorts.next(), Files.createTempFile("custodian-it-", ".log"), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized CustodianServer shared() {
        if (shared == null) {
            try {
                shared = new CustodianServer(FreePorts.next(), Files.createTempFile("custodian-it-", ".log"), Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // the hook first: a server that never gets ready must not outlive the test JVM
            Runtime.getRuntime().addShutdownHook(new Thread(shared::kill, "stop custodian"));
            shared.start();
        }
        return shared;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Starts the process and waits until our own readiness check is up. */
    public synchronized void start() {
        launch();
        awaitReady();
    }

    /** Waits until the launched process's own readiness check is up. */
    public synchronized void awaitReady() {
        Readiness.await(uri("/health/ready"), Duration.ofSeconds(180), process::isAlive, log.toString());
    }

    /** Starts the process without waiting for anything. */
    public synchronized void launch() {
        String jar = System.getProperty("custodian.test.jar");
        PostgresDatabase database = PostgresDatabase.shared();
        S3ProxyServer s3 = S3ProxyServer.shared();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!Boolean.getBoolean("custodian.bench")) {
            command.add("-XX:TieredStopAtLevel=1"); // faster start for tests; benchmarks want the full JIT
        }
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx512m", "-jar", jar, "--nocluster", "--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("CUSTODIAN_DB_URL", database.jdbcUrl());
        env.put("CUSTODIAN_DB_USER", database.user());
        env.put("CUSTODIAN_S3_ENDPOINT", s3.endpoint());
        env.put("CUSTODIAN_S3_BUCKET", S3ProxyServer.BUCKET);
        env.put("CUSTODIAN_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
        env.put("CUSTODIAN_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
        if (!Boolean.getBoolean("custodian.bench")) {
            // Short leases, store time-outs, backoff and give-up age keep outage and crash tests quick
            // (the lease must be twice the store's request time-out); small batches make a crash land mid-way.
            env.put("CUSTODIAN_DELETION_LEASE", "PT10S");
            env.put("CUSTODIAN_S3_REQUEST_TIMEOUT", "PT4S");
            env.put("CUSTODIAN_DELETION_GIVE_UP_AFTER", "PT20S");
            // a deletion that moved nothing for this long shows as stuck (MetricsIT stops the store)
            env.put("CUSTODIAN_ALERTS_STUCK_AFTER", "PT3S");
            env.put("CUSTODIAN_DELETION_BACKOFF_BASE", "PT0.5S");
            env.put("CUSTODIAN_DELETION_BACKOFF_MAX", "PT5S");
            env.put("CUSTODIAN_DELETION_BATCH_SIZE", "250");
            env.put("CUSTODIAN_DELETION_PARALLELISM", "2");
            // A killed instance's batch executions are recovered after this long.
            env.put("CUSTODIAN_BATCH_INSTANCE_TIMEOUT", "PT6S");
            // Webhook retries come quickly, and often enough to outlast a restart of the service.
            env.put("CUSTODIAN_WEBHOOKS_BACKOFF_BASE", "PT0.5S");
            env.put("CUSTODIAN_WEBHOOKS_BACKOFF_MAX", "PT2S");
            env.put("CUSTODIAN_WEBHOOKS_MAX_ATTEMPTS", "200");
        }
        env.put("CUSTODIAN_AUTH_TOKENS", "admin:" + ADMIN_TOKEN + ",app:" + APP_TOKEN + ",cron:" + CRON_TOKEN);
        env.putAll(settings);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    /** The server process's id, for jcmd. */
    public long pid() {
        return process.pid();
    }

    /** Everything the process has printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The last few WARNING and SEVERE records of the log, whole (a record runs to the next line
     * opening with a timestamp): what a failed assertion quotes, since CI keeps no server log.
     */
    public String recentWarnings() {
        List<StringBuilder> records = new ArrayList<>();
        boolean inWarning = false;
        for (String line : log().split("\n")) {
            if (line.startsWith("[20")) {
                inWarning = line.contains("WARNING") || line.contains("SEVERE");
                if (inWarning) {
                    records.add(new StringBuilder());
                }
            }
            if (inWarning) {
                records.get(records.size() - 1).append(line).append('\n');
            }
        }
        String recent = String.join("", records.subList(Math.max(0, records.size() - 3), records.size()));
        return recent.length() > 6000 ? recent.substring(recent.length() - 6000) : recent;
    }

    /** {@code kill -9}: no shutdown hook, no graceful anything. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
