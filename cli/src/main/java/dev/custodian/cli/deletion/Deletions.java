package dev.custodian.cli.deletion;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.Poll;
import dev.custodian.cli.Progress;
import dev.custodian.cli.Session;
import dev.custodian.cli.Sizes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Set;
import java.util.stream.Collectors;

/** Following a deletion to its end, what it says in text, and what its end means for the exit status. */
public final class Deletions {

    private static final Set<String> FINISHED = Set.of("completed", "completed_with_errors", "completed_with_holds",
            "failed");

    private Deletions() {
    }

    /** Polls {@code GET /deletions/{id}} with progress until the deletion has finished; returns it. */
    public static JsonObject follow(Session session, Api api, String id) {
        try (Progress progress = Progress.start(session.terminal(), "deletion " + id.substring(0, Math.min(8,
                id.length())), "keys")) {
            return Poll.until(() -> api.get("api/v1/deletions/" + Api.segment(id)),
                    deletion -> FINISHED.contains(deletion.getString("state")),
                    deletion -> progress.update(deletion.getJsonNumber("done").longValue(),
                            deletion.getJsonNumber("total").longValue(), deletion.getString("state")));
        }
    }

    /**
     * Follows the deletion a run queued (its {@code deletion_id}) to its end and prints the run with
     * it (as {@code deletion} in JSON); the exit is the deletion's.
     */
    public static int followQueued(Session session, Api api, JsonObject run, String runText) {
        JsonObject deletion = follow(session, api, run.getString("deletion_id"));
        session.print(Json.createObjectBuilder(run).add("deletion", deletion).build(), runText + "\n" + text(deletion));
        return outcome(deletion).code();
    }

    /**
     * {@link Exit#DONE} for a deletion completed and verified clean; {@link Exit#FINDINGS} when Object
     * Lock holds keys or the verification found keys left; {@link Exit#ERROR} when keys failed or the
     * deletion failed.
     */
    public static Exit outcome(JsonObject deletion) {
        return switch (deletion.getString("state")) {
            case "completed" -> clean(deletion) ? Exit.DONE : Exit.FINDINGS;
            case "completed_with_holds" -> Exit.FINDINGS;
            default -> Exit.ERROR;
        };
    }

    private static boolean clean(JsonObject deletion) {
        JsonValue verification = deletion.get("verification");
        return verification == null || verification == JsonValue.NULL
                || verification.asJsonObject().getBoolean("is_clean");
    }

    public static String text(JsonObject deletion) {
        StringBuilder text = new StringBuilder("Deletion ").append(deletion.getString("id")).append(" (")
                .append(scope(deletion.getJsonObject("scope"))).append("): ").append(deletion.getString("state"))
                .append("\n  deleted ").append(number(deletion, "deleted")).append(" of ")
                .append(number(deletion, "total")).append(" keys, failed ").append(number(deletion, "failed"))
                .append(", held ").append(number(deletion, "held")).append(", ")
                .append(Sizes.human(number(deletion, "bytes_reclaimed"))).append(" reclaimed");
        JsonValue verification = deletion.get("verification");
        if (verification != null && verification != JsonValue.NULL) {
            JsonObject verified = verification.asJsonObject();
            if (verified.getBoolean("is_clean")) {
                text.append("\n  verified clean at ").append(verified.getString("checked_at"));
            } else {
                text.append("\n  NOT clean at ").append(verified.getString("checked_at")).append(", keys left:");
                list(text, verified.getJsonArray("remaining_keys").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString).toList());
            }
        }
        var errors = deletion.getJsonArray("errors").getValuesAs(JsonObject.class);
        if (!errors.isEmpty()) {
            text.append("\n  errors:");
            list(text, errors.stream().map(e -> e.getString("key") + ": " + e.getString("code", "") + " "
                    + e.getString("message", "")).toList());
        }
        var ambiguous = deletion.getJsonArray("ambiguous_keys").getValuesAs(JsonString.class);
        if (!ambiguous.isEmpty()) {
            text.append("\n  kept, might belong to another owner:");
            list(text, ambiguous.stream().map(JsonString::getString).toList());
        }
        return text.toString();
    }

    static String scope(JsonObject scope) {
        return scope.entrySet().stream().map(e -> e.getKey() + " " + (e.getValue() instanceof JsonString s
                ? s.getString() : e.getValue().toString())).collect(Collectors.joining(", "));
    }

    static long number(JsonObject object, String name) {
        return object.getJsonNumber(name).longValue();
    }

    static void list(StringBuilder text, java.util.List<String> lines) {
        lines.forEach(line -> text.append("\n    - ").append(line));
    }
}
