package dev.custodian.bench;

import dev.custodian.testing.PostgresDatabase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * How fast this machine runs today, printed beside figures in CPU time per unit of work: two
 * machines of this kind ran the same upload benchmark a day apart with raw SDK PUTs at 1,206/s and
 * at 555/s and the service's CPU per upload at 0.98 and 2.15 ms, while a deletion's CPU per key
 * hardly moved. Three fixed workloads, best of five: this JVM sorting 4 million
 * pseudo-random longs and the benchmarks' database hashing a million strings (computation, one
 * core each), and a byte sent to a thread over loopback TCP and back (the system calls and thread
 * switches every request pays). A figure divided by the matching reference compares across
 * machines; these cores have no hardware counters to count instructions instead.
 */
final class MachineSpeed {

    private static final int ROUNDS = 5;
    private static final int LONGS = 4_000_000;
    private static final int ROUND_TRIPS = 10_000;

    private MachineSpeed() {
    }

    /** One line: the three references. */
    static String describe() {
        return String.format(Locale.ROOT, "  machine reference (best of %d): JVM sort of 4M longs %.0f ms,"
                + " PostgreSQL md5 of 1M strings %.0f ms, loopback TCP round trip %.1f µs%n", ROUNDS,
                best(MachineSpeed::sortNanos) / 1e6, best(MachineSpeed::hashNanos) / 1e6,
                best(MachineSpeed::roundTripsNanos) / 1e3 / ROUND_TRIPS);
    }

    private static long best(LongSupplier nanos) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            best = Math.min(best, nanos.getAsLong());
        }
        return best;
    }

    private static long sortNanos() {
        long[] values = new SplittableRandom(42).longs(LONGS).toArray();
        long start = System.nanoTime();
        Arrays.sort(values);
        return System.nanoTime() - start;
    }

    private static long roundTripsNanos() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            client.setTcpNoDelay(true);
            Thread echo = new Thread(() -> {
                try (Socket peer = server.accept(); InputStream in = peer.getInputStream();
                     OutputStream out = peer.getOutputStream()) {
                    peer.setTcpNoDelay(true);
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        out.write(b);
                    }
                } catch (IOException e) {
                    // the client closed first
                }
            });
            echo.start();
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            long start = System.nanoTime();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                out.write(1);
                if (in.read() != 1) {
                    throw new IllegalStateException("the echo thread answered wrongly");
                }
            }
            return System.nanoTime() - start;
        } catch (IOException e) {
            throw new IllegalStateException("the loopback reference did not run", e);
        }
    }

    private static long hashNanos() {
        try (Connection db = PostgresDatabase.shared().connect(); var sql = db.createStatement()) {
            long start = System.nanoTime();
            sql.execute("select sum(length(md5(i::text))) from generate_series(1, 1000000) i");
            return System.nanoTime() - start;
        } catch (SQLException e) {
            throw new IllegalStateException("the database reference did not run", e);
        }
    }
}
