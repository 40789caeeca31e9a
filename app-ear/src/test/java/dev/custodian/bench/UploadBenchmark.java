package dev.custodian.bench;

import dev.custodian.blackbox.Api;
import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.blackbox.Bucket;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads, the hot path of every app: 1 KiB and 1 MiB objects from {@value #CLIENTS} concurrent
 * clients, (a) as raw SDK PUTs straight to the store, (b) through the service ({@code POST
 * /objects}, multipart), (c) as direct uploads (intent, presigned PUT, complete) — all in one run
 * on the same S3Proxy, each on keys of the same shape, after a warm-up of each path. Prints the
 * rate of each, its ratio to the raw PUTs, the CPU per upload by party, and for (c) the p50 of the
 * two calls the service adds: under the full load (queueing on two cores included) and from a
 * single client, which is the latency an upload pays for the ledger on an unloaded service.
 * Before the uploads of 1 KiB, the platform floor: the service CPU of a request that does no
 * upload work, {@code GET /objects/{id}} (Grizzly, Jersey, the token filter, one SELECT by key, a
 * small JSON answer), under the same load. (b) and the floor run over HTTP/1.1 with keep-alive,
 * as apps behind a proxy that ends TLS speak to the service, and once more over h2c, which the
 * JDK client asks for by default and hardly any real client sends.
 */
class UploadBenchmark {

    private static final int CLIENTS = 16;
    private static final int SMALL = Integer.getInteger("bench.uploads.small", 2000);
    private static final int LARGE = Integer.getInteger("bench.uploads.large", 300);
    /** Direct uploads from one client, for the latency of intent and complete without queueing. */
    private static final int ALONE = 200;
    /**
     * Uploads of each path in a warm-up round: a service runs for days, so the figures are its
     * steady state, not the JIT compiling Payara's request path (at 200, 1 KiB uploads through
     * the service measured at half their warm rate). The 1 MiB phase runs on the warm service.
     */
    private static final int WARM_UP_SMALL = Integer.getInteger("bench.uploads.warm-up", 1000);
    private static final int WARM_UP_LARGE = 100;
    /**
     * At most this many rounds, which stop once the JIT compiler takes under {@link #WARM_JIT_SHARE}
     * of one: 12 reached it on one machine, while a machine with slower system calls was still at
     * 13 % after 12.
     */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.uploads.warm-up-rounds", 24);
    private static final double WARM_JIT_SHARE = 0.1;

    /** Over HTTP/1.1 with keep-alive: what the service sees of apps, behind a proxy that ends TLS. */
    private final Api api = Api.asApp().overHttp11();
    /** The JDK client's default, an h2c upgrade: every client thread shares one HTTP/2 connection. */
    private final Api h2c = Api.asApp();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void uploadsThroughTheServiceNextToRawPuts() throws Exception {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%nUpload benchmark: %d concurrent clients on S3Proxy (filesystem)%n", CLIENTS))
                .append(MachineSpeed.describe());
        for (int size : new int[] {1024, 1024 * 1024}) {
            int count = size == 1024 ? SMALL : LARGE;
            if (count == 0) {
                continue;
            }
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 7);
            String label = size == 1024 ? "1 KiB" : "1 MiB";
            // every path before measuring: neither party pays for first compilation in the figures
            int warmUp = size == 1024 ? WARM_UP_SMALL : WARM_UP_LARGE;
            raw(label + "-warm", body, warmUp);
            report.append(warmUp(label, body, warmUp, size == 1024 ? WARM_UP_ROUNDS : 1));
            if (size == 1024) {
                report.append(floor(count));
            }

            Phase raw = raw(label, body, count);
            if (size == 1024) {
                ServiceProfile.start(); // only under BENCH_PROFILE: the service's CPU profile of (b)
            }
            Phase through = through(api, label, body, count);
            Path profile = size == 1024 ? ServiceProfile.stop("uploads-through-1KiB") : null;
            if (profile != null) {
                report.append("  service profile of (b), collapsed stacks: ").append(profile).append('\n');
            }
            Phase throughH2c = through(h2c, label + "-h2c", body, count);
            long[] intents = new long[count];
            long[] completes = new long[count];
            Phase direct = direct(api, label, body, count, CLIENTS, intents, completes);
            long[] aloneIntents = new long[ALONE];
            long[] aloneCompletes = new long[ALONE];
            direct(api, label + "-alone", body, ALONE, 1, aloneIntents, aloneCompletes);
            long[] h2cIntents = new long[ALONE];
            long[] h2cCompletes = new long[ALONE];
            direct(h2c, label + "-alone-h2c", body, ALONE, 1, h2cIntents, h2cCompletes);
            report.append(String.format(Locale.ROOT, "  %s x %d%n", label, count))
                    .append(raw.line("(a) raw SDK PUT", count, raw)).append(through.line("(b) POST /objects", count, raw))
                    .append(throughH2c.line("(b) over h2c", count, raw))
                    .append(direct.line("(c) intent + PUT + complete", count, raw))
                    .append(String.format(Locale.ROOT, "      (c) p50: intent %.1f ms, complete %.1f ms;"
                                    + " from one client alone: intent %.1f ms, complete %.1f ms,"
                                    + " intent + complete %.1f ms (over h2c %.1f ms)%n",
                            p50(intents), p50(completes), p50(aloneIntents), p50(aloneCompletes),
                            p50(sum(aloneIntents, aloneCompletes)), p50(sum(h2cIntents, h2cCompletes))));
        }
        System.out.println(report);
    }

    /**
     * Rounds of each service path until the JIT compiler takes under {@value #WARM_JIT_SHARE} of a
     * round's service CPU, at most {@code rounds}: code run once per request is compiled by C2
     * only after thousands of requests (a round of 1,000 each still compiled for a quarter of
     * the service's CPU). The service CPU per upload of each round, so the curve is visible.
     */
    private String warmUp(String label, byte[] body, int count, int rounds) throws Exception {
        StringBuilder curve = new StringBuilder();
        for (int round = 1; round <= rounds; round++) {
            CpuUse before = CpuUse.now();
            CpuBreakdown partsBefore = CpuBreakdown.now();
            String tag = label + "-warm" + round;
            through(api, tag, body, count);
            through(h2c, tag + "-h2c", body, count);
            direct(api, tag, body, count, CLIENTS, new long[count], new long[count]);
            double service = CpuUse.now().since(before).service();
            double jit = CpuBreakdown.now().since(partsBefore).jit();
            curve.append(String.format(Locale.ROOT, "%s%.2f (JIT %.2f)", round == 1 ? "" : ", ",
                    1000 * service / (3 * count), 1000 * jit / (3 * count)));
            if (jit < WARM_JIT_SHARE * service) {
                break;
            }
        }
        return String.format(Locale.ROOT, "  %s warm-up rounds of %d uploads on each path, service CPU ms per upload:"
                + " %s%n", label, count, curve);
    }

    private Phase raw(String label, byte[] body, int count) throws Exception {
        String prefix = "users/raw-" + tag + "/" + label.replace(' ', '-') + "/audio/";
        return timed(CLIENTS, count, i -> Bucket.put(prefix + "f" + i + ".bin", body));
    }

    /**
     * What the platform costs a request before any upload work, under the same load: the service
     * CPU per {@code GET /objects/{id}} of one stored object, over HTTP/1.1 and h2c, after a warm-up.
     */
    private String floor(int count) throws Exception {
        Api.Reply stored = api.postMultipart("/api/v1/objects", new Multipart().field("user_id", "floor-" + tag)
                .field("file_type", "audio").file("floor.bin", "application/octet-stream", new byte[1]));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        String path = "/api/v1/objects/" + stored.json().getString("id");
        StringBuilder lines = new StringBuilder();
        for (Api client : List.of(api, h2c)) {
            IntConsumer get = i -> assertThat(client.get(path).status()).isEqualTo(200);
            timed(CLIENTS, WARM_UP_SMALL, get);
            Phase floor = timed(CLIENTS, count, get);
            lines.append(String.format(Locale.ROOT, "  platform floor: %.2f ms per request (service CPU of GET"
                            + " /objects/{id}, %s, %d clients, of which JIT compiler %.2f; database %.2f ms,"
                            + " %.0f requests/s)%n",
                    1000 * floor.cpu.service() / count, client == api ? "HTTP/1.1" : "h2c", CLIENTS,
                    1000 * floor.parts.jit() / count, 1000 * floor.backends / count, count / floor.seconds));
        }
        return lines.toString();
    }

    private Phase through(Api client, String label, byte[] body, int count) throws Exception {
        String user = "through-" + tag + "-" + label.replace(' ', '-');
        return timed(CLIENTS, count, i -> {
            Api.Reply reply = client.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                    .field("file_type", "audio").file("f" + i + ".bin", "application/octet-stream", body));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        });
    }

    private Phase direct(Api client, String label, byte[] body, int count, int clients, long[] intents,
                         long[] completes) throws Exception {
        String user = "direct-" + tag + "-" + label.replace(' ', '-');
        return timed(clients, count, i -> {
            long started = System.nanoTime();
            Api.Reply announced = client.postJson("/api/v1/uploads", """
                    {"user_id": "%s", "file_type": "audio", "filename": "f%d.bin",
                     "content_type": "application/octet-stream", "size_bytes": %d}""".formatted(user, i, body.length));
            intents[i] = System.nanoTime() - started;
            assertThat(announced.status()).as(announced.toString()).isEqualTo(201);
            JsonObject ticket = announced.json();
            var put = HttpRequest.newBuilder(URI.create(ticket.getString("upload_url")))
                    .method(ticket.getString("upload_method"), HttpRequest.BodyPublishers.ofByteArray(body));
            ticket.getJsonObject("upload_headers").forEach((name, value) -> {
                if (!name.equalsIgnoreCase("content-length")) {
                    put.header(name, ((JsonString) value).getString());
                }
            });
            assertThat(Api.send(put).status()).isEqualTo(200);
            started = System.nanoTime();
            Api.Reply completed = client.post("/api/v1/uploads/" + ticket.getJsonObject("object").getString("id")
                    + "/complete");
            completes[i] = System.nanoTime() - started;
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        });
    }

    /** Runs {@code count} uploads on {@code threads} threads; the wall time and CPU they took. */
    private static Phase timed(int threads, int count, IntConsumer upload) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        try {
            CpuUse before = CpuUse.now();
            CpuBreakdown partsBefore = CpuBreakdown.now();
            double backendsBefore = BackendCpu.now();
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                done.add(clients.submit(() -> upload.accept(index)));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Phase(seconds, CpuUse.now().since(before), BackendCpu.now() - backendsBefore,
                    CpuBreakdown.now().since(partsBefore));
        } finally {
            clients.shutdownNow();
        }
    }

    /** Each upload's two calls together: the p50 of the sums, which the two p50s do not add up to. */
    private static long[] sum(long[] intents, long[] completes) {
        long[] sums = new long[intents.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = intents[i] + completes[i];
        }
        return sums;
    }

    private static double p50(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    /**
     * {@code backends}: the CPU seconds of this benchmark's own database backends (see {@link BackendCpu});
     * {@code parts}: the service's own split, its JIT compiler apart (still compiling Payara's request
     * path long after the warm-up, on two shared cores: a service that runs for days no longer pays it).
     */
    private record Phase(double seconds, CpuUse cpu, double backends, CpuBreakdown parts) {

        String line(String what, int count, Phase raw) {
            return String.format(Locale.ROOT, "    %-28s %7.1f s %8.0f uploads/s  -> %.2fx raw%n"
                            + "      CPU ms per upload: store %.2f, database %.2f (its backends %.2f), service %.2f"
                            + " (of which JIT compiler %.2f, GC/VM %.2f), client %.2f%n",
                    what, seconds, count / seconds, raw.seconds / seconds,
                    1000 * cpu.store() / count, 1000 * cpu.database() / count, 1000 * backends / count,
                    1000 * cpu.service() / count, 1000 * parts.jit() / count, 1000 * parts.gcAndVm() / count,
                    1000 * cpu.client() / count);
        }
    }
}
