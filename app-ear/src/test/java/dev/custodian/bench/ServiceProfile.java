package dev.custodian.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CPU profile of the service over one phase of a benchmark: async-profiler loaded into the
 * running service ({@code jcmd JVMTI.agent_load}) when the phase starts and stopped when it ends,
 * writing collapsed stacks (one line per stack and its samples, for a flame graph or a grep).
 * {@code bin/bench} sets {@code bench.async-profiler} to the library when BENCH_PROFILE is set;
 * without it nothing happens.
 */
final class ServiceProfile {

    private static final String LIBRARY = System.getProperty("bench.async-profiler", "");

    private ServiceProfile() {
    }

    static void start() throws Exception {
        agent("start,event=itimer,interval=1ms,threads");
    }

    /** Stops the profile and writes it to {@code target/<name>.collapsed}; returns the file, or null when not profiling. */
    static Path stop(String name) throws Exception {
        Path file = Path.of("target", name + ".collapsed").toAbsolutePath();
        return agent("stop,file=" + file + ",collapsed") ? file : null;
    }

    private static boolean agent(String options) throws Exception {
        if (LIBRARY.isEmpty()) {
            return false;
        }
        String serviceJar = System.getProperty("custodian.test.jar", "\0");
        long pid = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(serviceJar)).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no service process to profile")).pid();
        // quoted: jcmd would read the options' "=" as its own name=value arguments
        Process jcmd = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "JVMTI.agent_load", LIBRARY, '"' + options + '"')).redirectErrorStream(true).start();
        String answer = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // jcmd exits 0 whatever the agent said; the agent's own return code is in its answer
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || !answer.contains("return code: 0")) {
            throw new IllegalStateException("async-profiler refused '" + options + "': " + answer);
        }
        return true;
    }
}
