package dev.custodian.bench;

import dev.custodian.testing.PostgresDatabase;

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
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.startsWith("postgres:") && c.contains(database))
                        .orElse(false))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
                .sum();
    }
}
