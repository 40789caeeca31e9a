package dev.custodian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks read of a process from Linux's /proc: its CPU times and its title. 0 or "" when it is gone. */
final class ProcFiles {

    /** USER_HZ: what /proc counts CPU time in on Linux. */
    private static final int CLOCK_TICKS = 100;

    private ProcFiles() {
    }

    /** utime + stime of a /proc stat file (a process's, or a thread's under task/). */
    static double ownSeconds(Path stat) {
        return fields(stat, 11, 12);
    }

    /** cutime + cstime: the CPU of the process's children that ended. */
    static double childrenSeconds(long pid) {
        return fields(stat(pid), 13, 14);
    }

    static Path stat(long pid) {
        return Path.of("/proc", String.valueOf(pid), "stat");
    }

    /** What ps shows: a PostgreSQL backend sets this title; {@code ProcessHandle.Info} reads only the executable. */
    static String title(long pid) {
        return read(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
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
}
