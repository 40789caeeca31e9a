package dev.custodian.cli.bucketrun;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.Poll;
import dev.custodian.cli.Progress;
import dev.custodian.cli.Session;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;

/** Starting a bucket run (backfill, clear, migration), following it with progress, and its report as text. */
final class BucketRuns {

    private BucketRuns() {
    }

    /** Posts {@code body} to {@code path} and polls {@code path/{id}} until the run has ended; returns it. */
    static JsonObject run(Session session, Api api, String path, JsonObject body) {
        String id = api.post(path, body).getString("id");
        String task = path.substring(path.lastIndexOf('/') + 1) + (body.getBoolean("dry_run") ? " dry run" : "");
        try (Progress progress = Progress.start(session.terminal(), task, "keys")) {
            return Poll.until(() -> api.get(path + "/" + id), Poll::runEnded, run -> progress.update(
                    count(run, "done"), run.getString("state").equals("queued") ? -1 : count(run, "total"),
                    run.getString("state")));
        }
    }

    /** The run's heading, each of {@code counts} on a line, each of {@code samples} as a list. */
    static String text(JsonObject run, List<String> counts, List<String> samples) {
        StringBuilder text = new StringBuilder().append(run.getString("kind")).append(" run ")
                .append(run.getString("id")).append(" (").append(run.getBoolean("dry_run") ? "dry run" : "execution")
                .append("): ").append(run.getString("state"));
        counts.forEach(name -> text.append("\n  ").append(name.replace('_', ' ')).append(": ")
                .append(count(run, name)));
        for (String name : samples) {
            List<JsonValue> sample = run.getJsonArray(name);
            if (!sample.isEmpty()) {
                text.append("\n  ").append(name.replace('_', ' ')).append(':');
                sample.forEach(item -> text.append("\n    - ").append(item instanceof JsonString key ? key.getString()
                        : move(item.asJsonObject())));
            }
        }
        if (run.getBoolean("limit_reached")) {
            text.append("\n  limit reached: the run stopped at ").append(count(run, "max_objects"));
        }
        if (!run.isNull("error")) {
            text.append("\n  error: ").append(run.getString("error"));
        }
        return text.toString();
    }

    private static String move(JsonObject move) {
        return move.getString("from") + (move.isNull("to") ? "" : " → " + move.getString("to"))
                + (move.isNull("detail") ? "" : " (" + move.getString("detail") + ")");
    }

    static long count(JsonObject run, String name) {
        return run.getJsonNumber(name).longValue();
    }

    static long sum(JsonObject run, String... names) {
        long sum = 0;
        for (String name : names) {
            sum += count(run, name);
        }
        return sum;
    }

    /** Whether the run completed; one that failed is always {@link Exit#ERROR}. */
    static boolean completed(JsonObject run) {
        return "completed".equals(run.getString("state"));
    }
}
