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

    private static final int CLOCK_TICKS = 100;

    static CpuBreakdown now() {
        double[] service = new double[3];
        String serviceJar = System.getProperty("custodian.test.jar", "\0");
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(serviceJar)).orElse(false))
                .findFirst().ifPresent(process -> threads(process.pid()).forEach(task -> {
                    String name = read(task.resolve("comm")).strip();
                    int group = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? 0
                            : name.startsWith("VM ") || name.startsWith("GC ") ? 1 : 2;
                    service[group] += ownSeconds(task.resolve("stat"));
                }));
        double[] database = new double[3];
        String cluster = System.getProperty("bench.pg-data", "");
        Optional<ProcessHandle> postmaster = cluster.isEmpty() ? Optional.empty() : ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false)
                        && p.info().commandLine().map(c -> c.contains(cluster)).orElse(false)).findFirst();
        postmaster.ifPresent(main -> {
            Path stat = Path.of("/proc", String.valueOf(main.pid()), "stat");
            database[1] += childrenSeconds(stat);
            database[2] += ownSeconds(stat);
            main.children().forEach(child -> {
                String title = read(Path.of("/proc", String.valueOf(child.pid()), "cmdline")).replace('\0', ' ');
                database[title.contains("127.0.0.1(") ? 0 : 2] += ownSeconds(Path.of("/proc", String.valueOf(child.pid()), "stat"));
            });
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

    /** utime + stime of a /proc stat file. */
    private static double ownSeconds(Path stat) {
        return fields(stat, 11, 12);
    }

    /** cutime + cstime: the process's children that ended. */
    private static double childrenSeconds(Path stat) {
        return fields(stat, 13, 14);
    }

    /** Two fields after the command name (state is field 3 of the file, index 0 here), summed, in seconds. */
    private static double fields(Path stat, int first, int second) {
        String text = read(stat);
        if (text.isEmpty()) {
            return 0;
        }
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[first]) + Long.parseLong(fields[second])) / (double) CLOCK_TICKS;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
