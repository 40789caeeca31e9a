package dev.custodian.bench;

import dev.custodian.blackbox.Api;
import dev.custodian.blackbox.CustodianServer;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting one user of N objects (default 1,000,000; 100 projects of N/100) through
 * {@code DELETE /users/{id}}: the objects are real files in S3Proxy's folder and their rows are
 * copied into the ledger, so seeding costs no request. Prints the request's latency, the keys
 * deleted per second in each tenth of the run (a drain that slowed as it went would show here),
 * the service's peak heap, and what one {@code GET /deletions/{id}} poll costs while it runs.
 */
class UserDeletionBenchmark {

    private static final int OBJECTS = Integer.getInteger("bench.user.objects", 1_000_000);
    private static final int PROJECTS = 100;
    private static final int WARM_UP = 2000;

    @Test
    void deleteAMillionObjectUser() throws Exception {
        Api app = Api.asApp(); // starts the service first: it owns the schema the seeding writes into
        String user = "bench-user-" + UUID.randomUUID().toString().substring(0, 8);
        // a small user first, so the figures are not the first request's class loading and compiling
        seed(user + "-warm", WARM_UP);
        String warmUp = app.delete("/api/v1/users/" + user + "-warm").json().getString("id");
        while (!app.get("/api/v1/deletions/" + warmUp).json().getString("state").startsWith("completed")) {
            Thread.sleep(250);
        }
        long seedStart = System.nanoTime();
        seed(user, OBJECTS);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        HeapWatch heap = HeapWatch.afterGc(CustodianServer.shared().pid());
        long requestStart = System.nanoTime();
        Api.Reply accepted = app.delete("/api/v1/users/" + user);
        double requestMillis = (System.nanoTime() - requestStart) / 1e6;
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().getString("id");
        assertThat(accepted.json().getJsonNumber("total").longValue()).isEqualTo(OBJECTS);

        // when each tenth of the keys was deleted, and how long each poll took
        long[] tenthAt = new long[11];
        tenthAt[0] = requestStart;
        int reached = 0;
        List<Long> polls = new ArrayList<>();
        JsonObject deletion;
        do {
            Thread.sleep(250);
            long pollStart = System.nanoTime();
            deletion = app.get("/api/v1/deletions/" + id).json();
            long now = System.nanoTime();
            polls.add(now - pollStart);
            long deleted = deletion.getJsonNumber("deleted").longValue();
            while (reached < 10 && deleted >= (long) OBJECTS * (reached + 1) / 10) {
                tenthAt[++reached] = now;
            }
        } while (!deletion.getString("state").startsWith("completed") && elapsedMinutes(requestStart) < 60);
        double totalSeconds = (System.nanoTime() - requestStart) / 1e9;
        heap.finish();
        assertThat(deletion.getString("state")).as(deletion.toString()).isEqualTo("completed");
        assertThat(deletion.getJsonNumber("deleted").longValue()).isEqualTo(OBJECTS);

        StringBuilder tenths = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            double seconds = (tenthAt[i] - tenthAt[i - 1]) / 1e9;
            tenths.append(String.format(Locale.ROOT, " %.0f", OBJECTS / 10.0 / seconds));
        }
        long[] pollNanos = polls.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%nUser deletion benchmark: one user of %,d objects in %d projects, S3Proxy"
                        + " (filesystem; seeded in %.0f s)%n  DELETE /users/{id}: 202 in %.0f ms%n"
                        + "  request to verified completion: %.1f s, %.0f keys/s%n"
                        + "  keys/s in each tenth (by the deletion's own count, polled every 250 ms):%s%n"
                        + "  GET /deletions/{id} while it ran: p50 %.1f ms, max %.1f ms over %d polls%n"
                        + "  service peak heap: %,d MiB%n", OBJECTS, PROJECTS, seedSeconds, requestMillis,
                totalSeconds, OBJECTS / totalSeconds, tenths, pollNanos[pollNanos.length / 2] / 1e6,
                pollNanos[pollNanos.length - 1] / 1e6, pollNanos.length, heap.peak() >> 20);
        assertThat(Arrays.stream(tenthAt).allMatch(at -> at > 0)).as("every tenth reached").isTrue();
    }

    private static double elapsedMinutes(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds() / 60.0;
    }

    /** One-byte files at canonical keys straight into the store's folder, and their rows by COPY. */
    private static void seed(String user, int objects) throws Exception {
        Path root = S3ProxyServer.shared().bucketDirectory();
        try (LedgerCopy ledger = new LedgerCopy("(id, bucket, object_key, user_id, project_id, file_type, filename,"
                + " size_bytes, retention_class, metadata, state, created_at, updated_at)")) {
            int perProject = Math.max(1, objects / PROJECTS);
            for (int i = 0; i < objects; i++) {
                String project = "p" + (i / perProject);
                String filename = "f-" + i + ".bin";
                String key = "users/" + user + "/projects/" + project + "/audio/" + filename;
                Path file = root.resolve(key);
                if (i % perProject == 0) {
                    Files.createDirectories(file.getParent());
                }
                Files.write(file, new byte[] {1});
                ledger.row(UUID.randomUUID(), S3ProxyServer.BUCKET, key, user, project, "audio", filename, 1,
                        "standard", "{}", "active", "2020-01-01 00:00:00+00", "2020-01-01 00:00:00+00");
            }
        }
    }
}
