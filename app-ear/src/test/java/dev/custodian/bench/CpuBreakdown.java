package dev.custodian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the service's and the database's CPU went, finer than {@link CpuUse}: the service's JIT
 * compiler threads and GC/VM threads apart from the threads doing the work (a run too short to
 * finish compiling pays for it per key), and the benchmark cluster's connections apart from its
 * ended processes (autovacuum workers, closed connections) and its background writers (WAL,
 * checkpoints). Read from /proc; zero where a process is not found.
 */
record CpuBreakdown(double jit, double gcAndVm, double serviceWork, double connections, double ended,
                    double background) {

    static CpuBreakdown now() {
        double[] service = new double[3];
        String serviceJar = System.getProperty("custodian.test.jar", "\0");
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(serviceJar)).orElse(false))
                .findFirst().ifPresent(process -> threads(process.pid()).forEach(task -> {
                    String name = ProcFiles.read(task.resolve("comm")).strip();
                    int group = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? 0
                            : name.startsWith("VM ") || name.startsWith("GC ") ? 1 : 2;
                    service[group] += ProcFiles.ownSeconds(task.resolve("stat"));
                }));
        double[] database = new double[3];
        Optional<ProcessHandle> postmaster = System.getProperty("bench.pg-data", "").isEmpty() ? Optional.empty()
                : CpuUse.postmaster();
        postmaster.ifPresent(main -> {
            database[1] += ProcFiles.childrenSeconds(main.pid());
            database[2] += ProcFiles.ownSeconds(ProcFiles.stat(main.pid()));
            main.children().forEach(child -> database[ProcFiles.title(child.pid()).contains("127.0.0.1(") ? 0 : 2]
                    += ProcFiles.ownSeconds(ProcFiles.stat(child.pid())));
        });
        return new CpuBreakdown(service[0], service[1], service[2], database[0], database[1], database[2]);
    }

    CpuBreakdown since(CpuBreakdown earlier) {
        return new CpuBreakdown(jit - earlier.jit, gcAndVm - earlier.gcAndVm, serviceWork - earlier.serviceWork,
                connections - earlier.connections, ended - earlier.ended, background - earlier.background);
    }

    /** The figures per unit of work, in µs. */
    String describe(long units, String unit) {
        return String.format(Locale.ROOT, "per %s, µs: service threads %.0f, JIT compiler %.0f, GC/VM %.0f;"
                + " database connections %.0f, ended processes (autovacuum, closed connections) %.0f, background"
                + " (WAL, checkpoints) %.0f", unit, serviceWork * 1e6 / units, jit * 1e6 / units, gcAndVm * 1e6 / units,
                connections * 1e6 / units, ended * 1e6 / units, background * 1e6 / units);
    }

    private static Stream<Path> threads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
