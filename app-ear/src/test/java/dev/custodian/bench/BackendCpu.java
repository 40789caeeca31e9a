package dev.custodian.bench;

import dev.custodian.testing.PostgresDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far by the PostgreSQL backends of this benchmark's own database: unlike
 * {@link CpuUse#database()}, which counts every PostgreSQL process of the machine, it stays true
 * while others' benchmarks run on the same servers. Backends that ended are not counted, which
 * suits a service whose pooled connections outlive a phase.
 */
final class BackendCpu {

    private BackendCpu() {
    }

    static double now() {
        // a backend's title: "postgres: [cluster: ]user database host(port) activity"
        String database = " " + PostgresDatabase.shared().name() + " ";
        return ProcessHandle.allProcesses().filter(p -> title(p).startsWith("postgres:") && title(p).contains(database))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
                .sum();
    }

    /** What ps shows: {@code ProcessHandle.Info} reads the executable's path, not the title a backend sets. */
    private static String title(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
