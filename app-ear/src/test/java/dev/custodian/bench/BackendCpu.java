package dev.custodian.bench;

import dev.custodian.testing.PostgresDatabase;

/**
 * CPU seconds used so far by the PostgreSQL backends of this benchmark's own database: unlike
 * {@link CpuUse#database()}, which counts every process of the database server (the benchmarks'
 * own cluster under bin/bench, every PostgreSQL process otherwise), it leaves out the server's
 * background work and other databases. Backends that ended are not counted, which
 * suits a service whose pooled connections outlive a phase.
 */
final class BackendCpu {

    private BackendCpu() {
    }

    static double now() {
        // a backend's title: "postgres: [cluster: ]user database host(port) activity"
        String database = " " + PostgresDatabase.shared().name() + " ";
        return ProcessHandle.allProcesses().filter(p -> ProcFiles.title(p.pid()).startsWith("postgres:") && ProcFiles.title(p.pid()).contains(database))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
                .sum();
    }
}
