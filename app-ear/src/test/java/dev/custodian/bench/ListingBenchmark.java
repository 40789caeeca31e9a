package dev.custodian.bench;

import dev.custodian.blackbox.Api;
import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's list calls on a large ledger: N rows (default 5,000,000) seeded by SQL, 100 to a
 * project and 50 projects to a user, a tenth of them {@code deleted} (kept as proof, so the
 * active filter has something to pass over). Then {@value #CALLS} first pages of a random
 * project's and a random user's objects, and as many second pages (the keyset cursor), from one
 * client: p50, p99 and the worst of each. The figures are latencies on an unloaded service, the
 * server's own time plus one loopback round trip.
 */
class ListingBenchmark {

    private static final int ROWS = Integer.getInteger("bench.listing.rows", 5_000_000);
    private static final int PER_PROJECT = 100;
    private static final int PROJECTS_PER_USER = 50;
    private static final int CALLS = 2000;
    private static final int WARM_UP = 500;

    private final Api app = Api.asApp();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void listsStayFastOnALargeLedger() throws Exception {
        long seedStart = System.nanoTime();
        seed();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        int projects = ROWS / PER_PROJECT;
        int users = Math.max(1, projects / PROJECTS_PER_USER);

        measure(() -> "project_id=" + project(ThreadLocalRandom.current().nextInt(projects)), false, WARM_UP);
        long[] byProject = measure(() -> "project_id=" + project(ThreadLocalRandom.current().nextInt(projects)),
                false, CALLS);
        long[] byUser = measure(() -> "user_id=" + user(ThreadLocalRandom.current().nextInt(users)), false, CALLS);
        long[] secondPages = measure(() -> "user_id=" + user(ThreadLocalRandom.current().nextInt(users)), true,
                CALLS);
        System.out.printf(Locale.ROOT, "%nListing benchmark: %,d ledger rows (seeded in %.0f s), %d calls each,"
                + " one client%n%s%s%s", ROWS, seedSeconds, CALLS,
                line("GET /objects?project_id= (page 1)", byProject),
                line("GET /objects?user_id= (page 1)", byUser),
                line("GET /objects?user_id= (page 2, cursor)", secondPages));
    }

    private String project(int index) {
        return "p" + tag + "-" + index;
    }

    private String user(int index) {
        return "u" + tag + "-" + index;
    }

    /** Times {@code count} list calls; with {@code secondPage}, the call that follows the first page's cursor. */
    private long[] measure(java.util.function.Supplier<String> filter, boolean secondPage, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            String path = "/api/v1/objects?" + filter.get();
            if (secondPage) {
                JsonObject first = app.get(path).json();
                path += "&cursor=" + first.getString("next_cursor");
            }
            long started = System.nanoTime();
            Api.Reply reply = app.get(path);
            nanos[i] = System.nanoTime() - started;
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.json().getJsonArray("items")).as(path).isNotEmpty();
        }
        return nanos;
    }

    private static String line(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "  %-40s p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    /** The rows, by SQL in chunks of a million (the objects need not exist: listing reads the ledger only). */
    private void seed() throws Exception {
        try (Connection db = PostgresDatabase.shared().connect();
             PreparedStatement insert = db.prepareStatement("INSERT INTO stored_object (id, bucket, object_key,"
                     + " user_id, project_id, file_type, filename, size_bytes, retention_class, metadata, state,"
                     + " created_at, updated_at) SELECT gen_random_uuid(), ?, 'users/u' || ? || '-'"
                     + " || (i / ?) || '/projects/p' || ? || '-' || (i / ?) || '/audio/f-' || i || '.mp3',"
                     + " 'u' || ? || '-' || (i / ?), 'p' || ? || '-' || (i / ?), 'audio', 'f-' || i || '.mp3', 1024,"
                     + " 'standard', '{}', 'active', now(), now() FROM generate_series(?, ?) i"
                     // a tenth was deleted: its proof is in deleted_object (V40), not among the rows listed
                     + " WHERE i % 10 <> 0")) {
            int perUser = PER_PROJECT * PROJECTS_PER_USER;
            for (int from = 0; from < ROWS; from += 1_000_000) {
                int to = Math.min(ROWS, from + 1_000_000) - 1;
                Object[] values = {S3ProxyServer.BUCKET, tag, perUser, tag, PER_PROJECT, tag, perUser, tag,
                        PER_PROJECT, from, to};
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
            }
            try (var analyze = db.createStatement()) {
                analyze.execute("ANALYZE stored_object");
            }
        }
    }
}
