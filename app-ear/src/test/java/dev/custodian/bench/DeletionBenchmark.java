package dev.custodian.bench;

import dev.custodian.blackbox.Api;
import dev.custodian.blackbox.Bucket;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a project of N tracked 1 KiB objects through the API (request to {@code completed} with
 * verification), next to the store's raw limit (a bare SDK loop of DeleteObjects over the known
 * keys with the same parallelism) and the peers' tools, {@code s3cmd del --recursive} and
 * {@code rclone delete} (installed by {@code bin/bench}); all on the same S3Proxy in the same run, each on keys of the same shape (a project's canonical prefix):
 * the filesystem backend's cost per key grows with the path's depth, and a shallow prefix made the
 * bare loop a third faster than on the keys the API deletes.
 */
class DeletionBenchmark {

    private static final int OBJECTS = Integer.getInteger("bench.objects", 100_000);
    /**
     * The keys of a warm-up deletion: after one of 5,000 keys the JIT compiler still took 40 µs per
     * key of a 20,000-key run (61 % of the service's CPU in a profile of that run), and after one of
     * 20,000 it still took 30: a cost paid once per process, not per key.
     */
    private static final int WARM_UP = Integer.getInteger("bench.warm-up", 20_000);
    /**
     * Warm-up deletions run until the JIT compiler's share of the service's CPU in one falls below
     * this (the service is then as warm as one that has run for days), but at most {@link
     * #WARM_UP_ROUNDS}; each round's figures are printed, so the curve is visible. On two cores the
     * compiler's share levels off at 20-30 µs a key from the fourth round (eight measured).
     */
    private static final double WARM_JIT_SHARE = 0.15;
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 4);
    private static final int PARALLELISM = 4;
    private static final byte[] KIB = new byte[1024];

    @Test
    void deleteAProjectThroughTheApi() throws Exception {
        Api api = Api.asApp(); // starts the service first: it owns the schema the seeding writes into
        String machine = MachineSpeed.describe(); // while nothing else runs
        String project = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        // Both paths on projects of their own first (the API until its JIT share is small), so
        // neither run pays for the store's, the service's or this client's first compilation.
        List<String> warmUps = new ArrayList<>();
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            Run warmUp = apiRun(api, project + "-warm" + round, WARM_UP, false);
            warmUps.add(String.format(Locale.ROOT, "warm-up %d (%d keys): %.0f µs per key, of which JIT compiler %.0f",
                    round, WARM_UP, warmUp.microsPerKey(WARM_UP), warmUp.parts().jit() * 1e6 / WARM_UP));
            if (warmUp.parts().jit() < WARM_JIT_SHARE * warmUp.cpu().service()) {
                break;
            }
        }
        rawRun(project + "-warm-raw", WARM_UP);

        Run viaApi = apiRun(api, project, OBJECTS, true);
        Run raw = rawRun(project + "-raw", OBJECTS);
        double apiSeconds = viaApi.seconds();
        double rawSeconds = raw.seconds();
        Double s3cmdSeconds = s3cmd(project);
        Double rcloneSeconds = rclone(project);

        System.out.printf(Locale.ROOT, "%nDeletion benchmark: %d objects of 1 KiB on S3Proxy (filesystem), parallelism %d%n",
                OBJECTS, PARALLELISM);
        System.out.print(machine);
        System.out.printf(Locale.ROOT, "  custodian API, request to verified completion: %8.1f s %10.0f objects/s%n",
                apiSeconds, OBJECTS / apiSeconds);
        System.out.printf(Locale.ROOT, "  (a) bare SDK DeleteObjects over known keys:     %8.1f s %10.0f objects/s  -> API at %.2fx%n",
                rawSeconds, OBJECTS / rawSeconds, rawSeconds / apiSeconds);
        System.out.println("  API: " + viaApi.cpu().describe(apiSeconds));
        System.out.printf(Locale.ROOT, "  API: service + database CPU per deleted key: %.0f µs (service %.0f, database %.0f)%n",
                viaApi.microsPerKey(OBJECTS), viaApi.cpu().service() * 1e6 / OBJECTS,
                viaApi.cpu().database() * 1e6 / OBJECTS);
        System.out.println("  API: " + viaApi.parts().describe(OBJECTS, "key"));
        // the compiler works through the process's backlog (Payara's, the SDK's), not through keys:
        // after eight warm-up deletions it still took 22-29 µs a key, ~500 methods a deletion
        System.out.printf(Locale.ROOT, "  API: the same without the JIT compiler's CPU: %.0f µs per deleted key%n",
                viaApi.microsPerKey(OBJECTS) - viaApi.parts().jit() * 1e6 / OBJECTS);
        System.out.println("  API, service + database CPU per key before it: " + String.join("; ", warmUps));
        System.out.println("  API: the database's statements by time (pg_stat_statements):");
        viaApi.statements().forEach(line -> System.out.println("    " + line));
        System.out.println("  (a): " + raw.cpu().describe(rawSeconds));
        printPeer("(b) s3cmd del --recursive", "s3cmd", s3cmdSeconds, apiSeconds);
        printPeer("(c) rclone delete", "rclone", rcloneSeconds, apiSeconds);
    }

    /** Seeds and tracks a project of {@code count} objects, then deletes it through the API (its service profiled if asked). */
    private static Run apiRun(Api api, String project, int count, boolean profiled) throws Exception {
        String prefix = projectPrefix(project);
        List<String> keys = keys(prefix + "output/", count);
        seed(keys);
        track(keys, project);
        StatementCosts.reset();
        if (profiled) {
            ServiceProfile.start();
        }
        CpuUse before = CpuUse.now();
        CpuBreakdown parts = CpuBreakdown.now();
        Instant start = Instant.now();
        String id = api.delete("/api/v1/projects/" + project).json().getString("id");
        JsonObject done = awaitFinished(api, id);
        Run run = new Run(seconds(start), CpuUse.now().since(before), CpuBreakdown.now().since(parts),
                StatementCosts.top(12, count, "key"));
        if (profiled) {
            Path profile = ServiceProfile.stop("deletion-" + count);
            if (profile != null) {
                System.out.println("service profile of the API run (collapsed stacks): " + profile);
            }
        }
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(count);
        assertThat(Bucket.keys(prefix)).isEmpty();
        return run;
    }

    /** Seeds {@code count} objects under a project's prefix, then deletes them with the bare loop. */
    private static Run rawRun(String project, int count) throws Exception {
        String prefix = projectPrefix(project) + "output/";
        List<String> keys = keys(prefix, count);
        seed(keys);
        CpuUse before = CpuUse.now();
        Run run = new Run(rawDelete(keys), CpuUse.now().since(before), null, List.of());
        assertThat(Bucket.keys(prefix)).isEmpty();
        return run;
    }

    /** {@code parts}: the service's and the database's split, for runs through the API. */
    private record Run(double seconds, CpuUse cpu, CpuBreakdown parts, List<String> statements) {

        double microsPerKey(int keys) {
            return (cpu.service() + cpu.database()) * 1e6 / keys;
        }
    }

    private static String projectPrefix(String project) {
        return "users/bench/projects/" + project + "/";
    }

    private static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "clip-" + i + ".bin").toList();
    }

    /** Real objects through the S3 API, sixteen at a time. */
    private static void seed(List<String> keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(pool.submit(() -> Bucket.put(key, KIB)));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The ledger rows an app's uploads would have left, copied in and vacuumed as autovacuum would
     * have done long before a deletion: inserted just before the timed run, they had the database
     * vacuuming and analyzing the fresh rows during it.
     */
    private static void track(List<String> keys, String project) throws Exception {
        try (LedgerCopy ledger = new LedgerCopy("(id, bucket, object_key, user_id, project_id, file_type, filename,"
                + " size_bytes, retention_class, metadata, state, created_at, updated_at)")) {
            for (String key : keys) {
                ledger.row(UUID.randomUUID(), S3ProxyServer.BUCKET, key, "bench", project, "output",
                        key.substring(key.lastIndexOf('/') + 1), 1024, "standard", "{}", "active",
                        "2020-01-01 00:00:00+00", "2020-01-01 00:00:00+00");
            }
        }
    }

    private static JsonObject awaitFinished(Api api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            JsonObject deletion = api.get("/api/v1/deletions/" + id).json();
            if (deletion.getString("state").startsWith("completed")) {
                return deletion;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deletion did not finish in 30 minutes");
    }

    private static double rawDelete(List<String> keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
        Instant start = Instant.now();
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < keys.size(); from += 1000) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
                batches.add(pool.submit(() -> Bucket.deleteBatch(batch)));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            pool.shutdown();
        }
        return seconds(start);
    }

    /** {@code s3cmd del --recursive} on a same-sized prefix, or null when s3cmd is not installed. */
    private static Double s3cmd(String project) throws Exception {
        String host = S3ProxyServer.shared().endpoint().replace("http://", "");
        Path config = Files.createTempFile("s3cmd", ".cfg");
        Files.writeString(config, String.join("\n", "[default]", "access_key = " + S3ProxyServer.ACCESS_KEY,
                "secret_key = " + S3ProxyServer.SECRET_KEY, "host_base = " + host, "host_bucket = " + host,
                "use_https = False", "signature_v2 = False", ""));
        return cliRun("s3cmd", project, prefix -> List.of("s3cmd", "-c", config.toString(), "del", "--recursive",
                "--quiet", "s3://" + S3ProxyServer.BUCKET + "/" + prefix), environment -> { });
    }

    /** {@code rclone delete} (its defaults) on a same-sized prefix, or null when rclone is not installed. */
    private static Double rclone(String project) throws Exception {
        Map<String, String> remote = Map.of("RCLONE_CONFIG_BENCH_TYPE", "s3", "RCLONE_CONFIG_BENCH_PROVIDER", "Other",
                "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
                "RCLONE_CONFIG_BENCH_ENDPOINT", S3ProxyServer.shared().endpoint(),
                "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true");
        // a machine-wide AWS_CA_BUNDLE breaks rclone's SDK client, and plain HTTP needs none
        return cliRun("rclone", project, prefix -> List.of("rclone", "delete", "--quiet",
                "bench:" + S3ProxyServer.BUCKET + "/" + prefix), environment -> {
                    environment.remove("AWS_CA_BUNDLE");
                    environment.putAll(remote);
                });
    }

    /**
     * A peer's command-line client deleting a freshly seeded prefix of the same size, timed from
     * its start to its exit; null when it is not installed ({@code bin/bench} installs it).
     */
    private static Double cliRun(String tool, String project, Function<String, List<String>> command,
                                 Consumer<Map<String, String>> environment) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/" + tool))) {
            return null;
        }
        String prefix = projectPrefix(project + "-" + tool) + "output/";
        seed(keys(prefix, OBJECTS));
        ProcessBuilder builder = new ProcessBuilder(command.apply(prefix)).inheritIO();
        environment.accept(builder.environment());
        Instant start = Instant.now();
        assertThat(builder.start().waitFor()).as(tool + " exit code").isZero();
        double seconds = seconds(start);
        assertThat(Bucket.keys(prefix)).as(tool + " deleted every key").isEmpty();
        return seconds;
    }

    private static void printPeer(String label, String tool, Double seconds, double apiSeconds) {
        if (seconds == null) {
            System.out.println("  " + label + ": not installed (bin/bench installs " + tool + ")");
        } else {
            System.out.printf(Locale.ROOT, "  %-47s %8.1f s %10.0f objects/s  -> API at %.2fx%n", label + ":",
                    seconds, OBJECTS / seconds, seconds / apiSeconds);
        }
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
