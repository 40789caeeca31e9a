package dev.custodian.ear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Payara Server domain of our own, driven by {@code asadmin} as an operator would: created in a
 * temporary folder on a free block of ports (the black-box tests' Payara Micro runs at the same
 * time), stopped and deleted on {@link #close()}.
 */
final class PayaraDomain implements AutoCloseable {

    private static final String NAME = "custodian-smoke";
    // Offsets from --portbase that create-domain uses for the admin and the HTTP listener.
    private static final int ADMIN_OFFSET = 48;
    private static final int HTTP_OFFSET = 80;
    // Below Linux's ephemeral range (32768 and up), where FreePorts and outgoing connections take theirs.
    private static final int LOWEST_BASE = 20_000;
    private static final int BASES = 120;
    private static final int TIMED_OUT = -1;
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at [\\w$./<>]+\\(.*\\)|\\.\\.\\. \\d+ more)\\s*");

    private final Path asadmin;
    private final Path directory;
    private final int portBase;

    private PayaraDomain(Path asadmin, Path directory, int portBase) {
        this.asadmin = asadmin;
        this.directory = directory;
        this.portBase = portBase;
    }

    /** Creates the domain; the installation is the unpacked distribution's {@code payara6} folder. */
    static PayaraDomain create(Path installation) {
        Path asadmin = installation.resolve("bin").resolve("asadmin");
        if (!Files.isExecutable(asadmin)) {
            throw new IllegalStateException("no Payara Server at " + installation + " (run the tests through Maven)");
        }
        PayaraDomain domain;
        try {
            domain = new PayaraDomain(asadmin, Files.createTempDirectory("custodian-payara-"), freePortBase());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            domain.asadmin(Map.of(), Duration.ofSeconds(90), "create-domain", "--domaindir", domain.directory.toString(),
                    "--portbase", String.valueOf(domain.portBase), "--nopassword", NAME);
        } catch (RuntimeException e) {
            domain.deleteDirectory();
            throw e;
        }
        return domain;
    }

    /** Starts the server; its JVM inherits this environment, which is all the configuration the EAR gets. */
    void start(Map<String, String> environment) {
        asadmin(environment, Duration.ofSeconds(120), "start-domain", "--domaindir", directory.toString(), NAME);
    }

    /** Deploys synchronously: returns once the application has started, fails if it did not. */
    void deploy(Path archive) {
        asadmin(Map.of(), Duration.ofSeconds(180), "--host", "127.0.0.1", "--port", String.valueOf(portBase + ADMIN_OFFSET),
                "deploy", "--name", "custodian", archive.toString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + (portBase + HTTP_OFFSET) + path);
    }

    /**
     * The end of the server's log for the reader of a failed build, without stack frames: a failed
     * deployment logs traces of hundreds of frames that would push its causes out of the tail.
     */
    String logTail(int lines) {
        Path log = directory.resolve(NAME).resolve("logs").resolve("server.log");
        try {
            List<String> all = withoutStackFrames(Files.readAllLines(log));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the server (killing it if a graceful stop fails) and deletes the domain and its folder. */
    @Override
    public void close() {
        String domainDir = directory.toString();
        if (run(Map.of(), Duration.ofSeconds(60), "stop-domain", "--domaindir", domainDir, NAME) != 0) {
            // Hung, or never started (then this fails too, harmlessly).
            run(Map.of(), Duration.ofSeconds(30), "stop-domain", "--kill=true", "--domaindir", domainDir, NAME);
        }
        // Refuses while the server still runs.
        asadmin(Map.of(), Duration.ofSeconds(30), "delete-domain", "--domaindir", domainDir, NAME);
        deleteDirectory();
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void asadmin(Map<String, String> environment, Duration limit, String... arguments) {
        int exit = run(environment, limit, arguments);
        if (exit != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", arguments)
                    + (exit == TIMED_OUT ? " took over " + limit : " failed") + ":\n" + lastOutput());
        }
    }

    /** Runs one asadmin command and answers its exit code; its output is then {@link #lastOutput()}. */
    private int run(Map<String, String> environment, Duration limit, String... arguments) {
        List<String> command = new ArrayList<>(List.of(asadmin.toString(), "--interactive=false"));
        command.addAll(List.of(arguments));
        // A file, not a pipe: the server that start-domain leaves running may inherit it.
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output().toFile());
        builder.environment().putAll(environment);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        try {
            Process process = builder.start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return TIMED_OUT;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the last command printed, without the stack frames a failed deploy echoes. */
    private String lastOutput() {
        try {
            return String.join("\n", withoutStackFrames(Files.readAllLines(output())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> withoutStackFrames(List<String> lines) {
        return lines.stream().filter(line -> !STACK_FRAME.matcher(line).matches()).toList();
    }

    private Path output() {
        return directory.resolve("asadmin.out");
    }

    private static int freePortBase() {
        int first = ThreadLocalRandom.current().nextInt(BASES);
        for (int i = 0; i < BASES; i++) {
            int base = LOWEST_BASE + (first + i) % BASES * 100;
            if (isFree(base, base + 100)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of 100 ports from " + LOWEST_BASE);
    }

    private static boolean isFree(int from, int to) {
        for (int port = from; port < to; port++) {
            // The wildcard address, as Payara binds its listeners.
            try (ServerSocket ignored = new ServerSocket(port)) {
                // bindable
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
