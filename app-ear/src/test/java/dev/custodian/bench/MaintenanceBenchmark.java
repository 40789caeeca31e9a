package dev.custodian.bench;

import dev.custodian.blackbox.Api;
import dev.custodian.blackbox.Bucket;
import dev.custodian.blackbox.InventoryFiles;
import dev.custodian.blackbox.CustodianServer;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dry-run maintenance of N objects (default 100,000 then 1,000,000) with a known set of orphans
 * both ways, through the API, next to a bare paginated ListObjectsV2 of the same prefix (the
 * floor) and {@code rclone lsf} when installed; with the service's peak heap during each run.
 * The objects are written straight into S3Proxy's folder and the ledger rows copied in with COPY:
 * seeding a million objects through the API would take an hour. The inventory mode runs the same
 * dry run from an S3 Inventory report of the N objects instead: only the report and the planted
 * orphaned files are written, since a run from a report reads no other object.
 */
class MaintenanceBenchmark {

    private static final String LONG_AGO = "2020-01-01 00:00:00+00";
    private static final Instant LONG_AGO_INSTANT = Instant.parse("2020-01-01T00:00:00Z");

    private static final String SIZES = System.getProperty("bench.maintenance.sizes", "100000,1000000");
    private static final int ORPHAN_FILES = 1000;
    private static final int ORPHAN_RECORDS = 1000;

    private record Figures(int objects, double runSeconds, double listSeconds, Double rcloneSeconds, long peakHeap) {
    }

    private record InventoryFigures(int rows, long reportBytes, double runSeconds, long peakHeap) {
    }

    @Test
    void dryRunMaintenanceAgainstTheBareListing() throws Exception {
        Api admin = Api.asAdmin(); // starts the service first: it owns the schema the seeding writes into
        List<Figures> figures = new ArrayList<>();
        for (String size : SIZES.split(",")) {
            figures.add(measure(admin, Integer.parseInt(size.trim())));
        }
        System.out.printf(Locale.ROOT, "%nMaintenance benchmark: dry run, %d orphaned files and %d orphaned records"
                + " planted, S3Proxy (filesystem)%n", ORPHAN_FILES, ORPHAN_RECORDS);
        for (Figures f : figures) {
            System.out.printf(Locale.ROOT, "  %,9d objects: run %7.1f s | bare ListObjectsV2 %7.1f s -> run at %.2fx"
                            + " | rclone lsf %s | service peak heap %,d MiB%n", f.objects(), f.runSeconds(),
                    f.listSeconds(), f.runSeconds() / f.listSeconds(),
                    f.rcloneSeconds() == null ? "not installed" : String.format(Locale.ROOT, "%.1f s", f.rcloneSeconds()),
                    f.peakHeap() / (1024 * 1024));
        }
    }

    @Test
    void dryRunMaintenanceFromAnInventoryReport() throws Exception {
        Api admin = Api.asAdmin();
        List<InventoryFigures> figures = new ArrayList<>();
        for (String size : SIZES.split(",")) {
            int rows = Integer.parseInt(size.trim());
            String prefix = "bench-inv-" + UUID.randomUUID().toString().substring(0, 8) + "/";
            seed(prefix, rows, false);
            String manifest = InventoryFiles.write("bench-inventory/" + prefix, Instant.now(), IntStream.range(0, rows)
                    .mapToObj(i -> InventoryFiles.row(key(prefix, i), true, false, 1, LONG_AGO_INSTANT, "e")).iterator(), 250_000);
            long reportBytes = Bucket.objects("bench-inventory/" + prefix).stream().mapToLong(o -> o.size()).sum();
            HeapWatch heap = HeapWatch.afterGc(CustodianServer.shared().pid());
            Instant start = Instant.now();
            JsonObject run = dryRun(admin, "{\"key_prefix\": \"" + prefix + "\", \"inventory_manifest\": \""
                    + manifest + "\"}", rows);
            double runSeconds = seconds(start);
            heap.finish();
            assertThat(run.getString("inventory_created_at")).isNotNull();
            figures.add(new InventoryFigures(rows, reportBytes, runSeconds, heap.peak()));
        }
        System.out.printf(Locale.ROOT, "%nMaintenance benchmark from an S3 Inventory report: dry run, %d orphaned files"
                + " (each HEADed) and %d orphaned records planted%n", ORPHAN_FILES, ORPHAN_RECORDS);
        for (InventoryFigures f : figures) {
            System.out.printf(Locale.ROOT, "  %,9d rows (%,d KiB of gzip CSV): run %7.1f s (%,.0f rows/s)"
                            + " | service peak heap %,d MiB%n", f.rows(), f.reportBytes() / 1024, f.runSeconds(),
                    f.rows() / f.runSeconds(), f.peakHeap() / (1024 * 1024));
        }
    }

    private Figures measure(Api admin, int objects) throws Exception {
        String prefix = "bench-maint-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        seed(prefix, objects, true);
        HeapWatch heap = HeapWatch.afterGc(CustodianServer.shared().pid());
        Instant start = Instant.now();
        JsonObject run = dryRun(admin, "{\"key_prefix\": \"" + prefix + "\"}", objects);
        double runSeconds = seconds(start);
        heap.finish();

        Instant listStart = Instant.now();
        assertThat(BareListing.count(prefix)).isEqualTo(objects);
        double listSeconds = seconds(listStart);
        return new Figures(objects, runSeconds, listSeconds, rclone(prefix, objects), heap.peak());
    }

    /** Starts a dry run and waits for it; it must find exactly the planted orphans. */
    private static JsonObject dryRun(Api admin, String body, int objects) throws InterruptedException {
        JsonObject run = await(admin, admin.postJson("/api/v1/maintenance/runs", body).json().getString("id"));
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
        assertThat(run.getJsonObject("storage_to_db").getJsonNumber("objects_scanned").longValue()).isEqualTo(objects);
        assertThat(run.getJsonObject("summary").getInt("orphaned_files")).isEqualTo(ORPHAN_FILES);
        assertThat(run.getJsonObject("summary").getInt("orphaned_records")).isEqualTo(ORPHAN_RECORDS);
        assertThat(run.getJsonObject("db_to_storage").getJsonNumber("records_checked").longValue())
                .isEqualTo(objects - ORPHAN_FILES + ORPHAN_RECORDS);
        return run;
    }

    private static String key(String prefix, int i) {
        return prefix + "d" + (i / 1000) + "/o-" + i + ".bin";
    }

    /**
     * N objects in 1000-key folders, all but the planted orphans tracked, plus rows whose object
     * never existed; with {@code allFiles} false only the orphaned files are written (an inventory
     * lists the rest).
     */
    private static void seed(String prefix, int objects, boolean allFiles) throws Exception {
        Path root = S3ProxyServer.shared().bucketDirectory();
        try (LedgerCopy ledger = new LedgerCopy("(id, bucket, object_key, user_id, file_type, filename, size_bytes,"
                + " retention_class, metadata, state, created_at, updated_at)")) {
            for (int i = 0; i < objects + ORPHAN_RECORDS; i++) {
                String key = key(prefix, i);
                boolean orphanFile = i < objects && i % (objects / ORPHAN_FILES) == 0;
                if (i < objects && (allFiles || orphanFile)) {
                    Path file = root.resolve(key);
                    if (!allFiles || i % 1000 == 0) {
                        Files.createDirectories(file.getParent());
                    }
                    Files.write(file, new byte[] {1});
                    if (!allFiles) {
                        Files.setLastModifiedTime(file, FileTime.from(LONG_AGO_INSTANT));
                    }
                }
                if (!orphanFile) {
                    ledger.row(UUID.randomUUID(), S3ProxyServer.BUCKET, key, "bench", "output", "o-" + i + ".bin", 1,
                            "standard", "{}", "active", LONG_AGO, LONG_AGO);
                }
            }
        }
    }

    /** {@code rclone lsf -R} of the prefix, or null when rclone is not installed. */
    private static Double rclone(String prefix, int objects) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/rclone"))) {
            return null;
        }
        Path errors = Files.createTempFile("rclone", ".log");
        ProcessBuilder command = new ProcessBuilder("rclone", "lsf", "-R", "--files-only", ":s3:" + S3ProxyServer.BUCKET
                + "/" + prefix, "--s3-provider", "Other", "--s3-endpoint", S3ProxyServer.shared().endpoint(),
                "--s3-access-key-id", S3ProxyServer.ACCESS_KEY, "--s3-secret-access-key", S3ProxyServer.SECRET_KEY,
                "--s3-force-path-style").redirectError(errors.toFile());
        // rclone 1.60 (Debian 12) refuses any AWS_CA_BUNDLE for a plain-HTTP endpoint
        command.environment().remove("AWS_CA_BUNDLE");
        Instant start = Instant.now();
        Process process = command.start();
        long lines;
        try (var out = process.inputReader()) {
            lines = out.lines().count();
        }
        assertThat(process.waitFor()).as("rclone exit code; " + Files.readString(errors)).isZero();
        assertThat(lines).isEqualTo(objects);
        return seconds(start);
    }

    private static JsonObject await(Api admin, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(60));
        while (Instant.now().isBefore(deadline)) {
            JsonObject run = admin.get("/api/v1/maintenance/runs/" + id).json();
            if (!run.getString("state").equals("queued") && !run.getString("state").equals("running")) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("maintenance run did not end in 60 minutes");
    }


    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
