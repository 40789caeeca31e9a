package dev.custodian.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU time used so far by each party of a benchmark on this machine: the store (this build's S3Proxy), the
 * database server (every PostgreSQL process, and the ended backends its main process reaped), the service and this JVM (the benchmark's own
 * client). The difference of two readings says where a phase's CPU went, which matters on a small
 * machine where all of them share the same cores.
 */
record CpuUse(double store, double database, double service, double client) {

    private static final String BENCH_CLUSTER = System.getProperty("bench.pg-data", "");

    static CpuUse now() {
        String serviceJar = System.getProperty("custodian.test.jar", "\0");
        // this build's S3Proxy only: other checkouts' test suites run theirs on the same machine
        String storeJar = System.getProperty("custodian.test.s3proxy-jar", "s3proxy");
        Optional<ProcessHandle> postmaster = postmaster();
        double[] seconds = new double[3];
        ProcessHandle.allProcesses().forEach(process -> {
            Optional<String> command = process.info().commandLine();
            Optional<Duration> cpu = process.info().totalCpuDuration();
            if (command.isEmpty() || cpu.isEmpty()) {
                return;
            }
            int party = command.get().contains(storeJar) ? 0
                    : command.get().contains(serviceJar) ? 2
                    : isDatabase(process, command.get(), postmaster) ? 1 : -1;
            if (party >= 0) {
                seconds[party] += cpu.get().toNanos() / 1e9;
            }
        });
        seconds[1] += postmaster.map(main -> ProcFiles.childrenSeconds(main.pid())).orElse(0.0);
        double client = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
        return new CpuUse(seconds[0], seconds[1], seconds[2], client);
    }

    /**
     * The benchmarks' own cluster ({@code bin/bench-postgres}, its data directory in {@code bench.pg-data}):
     * its main process and its backends only. Without it, every PostgreSQL process on the machine.
     */
    private static boolean isDatabase(ProcessHandle process, String command, Optional<ProcessHandle> postmaster) {
        if (process.pid() == ProcessHandle.current().pid() || !command.contains("postgres")) {
            return false;
        }
        return BENCH_CLUSTER.isEmpty() || postmaster.map(main -> process.pid() == main.pid()
                || process.parent().map(parent -> parent.pid() == main.pid()).orElse(false)).orElse(false);
    }

    /** PostgreSQL's main process: its backends come and go, and their CPU is only kept as its children's. */
    static Optional<ProcessHandle> postmaster() {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false)
                && (BENCH_CLUSTER.isEmpty() ? p.parent().map(parent -> parent.pid() == 1).orElse(false)
                        : p.info().commandLine().map(c -> c.contains(BENCH_CLUSTER)).orElse(false))).findFirst();
    }

    CpuUse since(CpuUse earlier) {
        return new CpuUse(store - earlier.store, database - earlier.database, service - earlier.service,
                client - earlier.client);
    }

    /** The phase's CPU seconds by party, and what share of the machine's cores they kept busy. */
    String describe(double wallSeconds) {
        double total = store + database + service + client;
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "CPU s: store %.1f, database %.1f, service %.1f, client %.1f"
                + " = %.0f%% of %d cores", store, database, service, client, 100 * total / (wallSeconds * cores), cores);
    }
}
