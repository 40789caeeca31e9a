package dev.custodian.bench;

import dev.custodian.blackbox.Api;
import dev.custodian.blackbox.CustodianServer;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adopting N untracked objects (default 20,000 then 100,000) through {@code POST /admin/backfill},
 * as a dry run and for real, next to a bare paginated ListObjectsV2 of the same prefix in the same
 * run, with the service's peak heap during each. The objects are written straight into S3Proxy's
 * folder in canonical keys, 1000 to a project folder.
 */
class BackfillBenchmark {

    private static final String SIZES = System.getProperty("bench.backfill.sizes", "20000,100000");

    private record Figures(int objects, double drySeconds, long dryHeap, double realSeconds, long realHeap,
                           double listSeconds) {
    }

    @Test
    void backfillAgainstTheBareListing() throws Exception {
        Api admin = Api.asAdmin();
        List<Figures> figures = new ArrayList<>();
        for (String size : SIZES.split(",")) {
            figures.add(measure(admin, Integer.parseInt(size.trim())));
        }
        System.out.printf(Locale.ROOT, "%nBackfill benchmark: untracked canonical keys, S3Proxy (filesystem)%n");
        for (Figures f : figures) {
            System.out.printf(Locale.ROOT, "  %,9d objects: bare ListObjectsV2 %6.1f s | dry run %6.1f s (%.2fx),"
                            + " peak heap %,d MiB | real %6.1f s (%.2fx), peak heap %,d MiB%n", f.objects(),
                    f.listSeconds(), f.drySeconds(), f.drySeconds() / f.listSeconds(), f.dryHeap() >> 20,
                    f.realSeconds(), f.realSeconds() / f.listSeconds(), f.realHeap() >> 20);
        }
    }

    private Figures measure(Api admin, int objects) throws Exception {
        String user = "bench-bf-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "users/" + user + "/";
        seed(prefix, objects);
        long pid = CustodianServer.shared().pid();

        Instant listStart = Instant.now();
        assertThat(BareListing.count(prefix)).isEqualTo(objects);
        double listSeconds = seconds(listStart);

        HeapWatch dryHeap = HeapWatch.afterGc(pid);
        Instant dryStart = Instant.now();
        JsonObject dry = run(admin, prefix, objects, true);
        double drySeconds = seconds(dryStart);
        dryHeap.finish();
        assertThat(dry.getJsonNumber("adopted").longValue()).as("the dry run counts what it would adopt").isEqualTo(objects);

        HeapWatch realHeap = HeapWatch.afterGc(pid);
        Instant realStart = Instant.now();
        JsonObject real = run(admin, prefix, objects, false);
        double realSeconds = seconds(realStart);
        realHeap.finish();
        assertThat(real.getJsonNumber("adopted").longValue()).isEqualTo(objects);
        return new Figures(objects, drySeconds, dryHeap.peak(), realSeconds, realHeap.peak(), listSeconds);
    }

    private static JsonObject run(Api admin, String prefix, int objects, boolean dryRun) throws InterruptedException {
        Api.Reply started = admin.postJson("/api/v1/admin/backfill", "{\"key_prefix\": \"" + prefix
                + "\", \"dry_run\": " + dryRun + ", \"max_objects\": " + (objects + 1) + "}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().getString("id");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(60));
        while (Instant.now().isBefore(deadline)) {
            JsonObject run = admin.get("/api/v1/admin/backfill/" + id).json();
            if (!run.getString("state").equals("queued") && !run.getString("state").equals("running")) {
                assertThat(run.getString("state")).as(run.toString()).isEqualTo("completed");
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("backfill " + id + " did not end in 60 minutes");
    }

    /** N one-byte objects at canonical keys, 1000 to a project, straight into the store's folder. */
    private static void seed(String prefix, int objects) throws Exception {
        Path root = S3ProxyServer.shared().bucketDirectory();
        for (int i = 0; i < objects; i++) {
            Path file = root.resolve(prefix + "projects/p" + (i / 1000) + "/audio/f-" + i + ".mp3");
            if (i % 1000 == 0) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, new byte[] {1});
        }
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
