package dev.custodian.diagnostics.control;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.objectstore.entity.ReservedKeys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One probe of the bucket: list, write, read and delete a small object of our own under the
 * reserved prefix, each step timed. Its outcome is readable while it runs, so a store that hangs
 * mid-way shows which step hangs and what came before.
 */
public final class BucketProbeRun {

    /** A step's outcome; {@code latencyMs} null when it was not reached. */
    public record Step(String name, String outcome, Long latencyMs, String error) {
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String NOT_REACHED = "not reached";
    static final String RUNNING = "no answer yet";
    private static final List<String> STEPS = List.of("list", "write", "read", "delete");

    private final String prefix;
    private final String key;
    private final byte[] payload;
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private String running;
    private long runningSince;

    BucketProbeRun(String instance) {
        prefix = ReservedKeys.DIAGNOSTICS + instance + "/";
        key = prefix + UUID.randomUUID();
        payload = ("custodian diagnostics " + key).getBytes(StandardCharsets.UTF_8);
        STEPS.forEach(name -> steps.put(name, new Step(name, NOT_REACHED, null, null)));
    }

    /** Runs every step (the delete even after a failed write: deleting an absent key succeeds); throws if one failed. */
    void run(ObjectStore store) {
        step("list", () -> {
            try (var listing = store.list(prefix)) {
                listing.findFirst();
            }
        });
        boolean written = step("write", () -> store.put(key, Payload.of(payload), "text/plain"));
        if (written) {
            step("read", () -> {
                try (var in = store.get(key)) {
                    if (!Arrays.equals(in.readAllBytes(), payload)) {
                        throw new IllegalStateException("read back other bytes than were written");
                    }
                }
            });
        }
        step("delete", () -> {
            var outcome = store.delete(List.of(key)).get(0);
            if (!outcome.deleted()) {
                throw new IllegalStateException("the store kept the key: " + outcome.code() + " " + outcome.message());
            }
        });
        List<String> failed = steps().stream().filter(s -> !s.outcome().equals(OK)).map(Step::name).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("failed: " + String.join(", ", failed));
        }
    }

    public String key() {
        return key;
    }

    /** The steps in order, the one under way shown with how long it has been waiting. */
    public synchronized List<Step> steps() {
        List<Step> shown = new ArrayList<>(steps.values());
        if (running != null) {
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runningSince);
            shown.replaceAll(s -> s.name().equals(running)
                    ? new Step(running, RUNNING, waited, "no answer after " + waited + " ms") : s);
        }
        return shown;
    }

    private boolean step(String name, Action action) {
        long start = System.nanoTime();
        synchronized (this) {
            running = name;
            runningSince = start;
        }
        Step outcome;
        try {
            action.run();
            outcome = new Step(name, OK, elapsedMs(start), null);
        } catch (Exception e) {
            outcome = new Step(name, FAILED, elapsedMs(start), e.getMessage() == null ? e.toString() : e.getMessage());
        }
        synchronized (this) {
            running = null;
            steps.put(name, outcome);
        }
        return outcome.outcome().equals(OK);
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
