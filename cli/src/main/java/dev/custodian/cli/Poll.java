package dev.custodian.cli;

import jakarta.json.JsonObject;

import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Following something the service works on in the background until it has ended, as the console does. */
public final class Poll {

    private static final long INTERVAL_MILLIS = 250;

    private Poll() {
    }

    /** Reads {@code current} until {@code ended} holds, showing each reading to {@code seen}; returns the last. */
    public static JsonObject until(Supplier<JsonObject> current, Predicate<JsonObject> ended,
                                   Consumer<JsonObject> seen) {
        JsonObject state = current.get();
        seen.accept(state);
        while (!ended.test(state)) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted; the work goes on in the service", e);
            }
            state = current.get();
            seen.accept(state);
        }
        return state;
    }

    /** Whether a run (maintenance, backfill, clear, migration) has ended. */
    public static boolean runEnded(JsonObject run) {
        String state = run.getString("state");
        return !state.equals("queued") && !state.equals("running");
    }
}
