package dev.custodian.cli.maintenance;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.Failure;
import dev.custodian.cli.Poll;
import dev.custodian.cli.Progress;
import dev.custodian.cli.Session;
import dev.custodian.cli.deletion.Deletions;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code custodian maintenance}: seed 004's {@code cleanup-assets} — a dry run that prints the
 * report, or with {@code --execute} an execution of exactly a dry run's findings, confirmed by
 * typing on a terminal or by the dry run's token (cron).
 */
@Command(name = "maintenance", description = {
        "The bucket against the ledger both ways (POST /maintenance/runs). A dry run unless --execute;"
                + " prints the report and the dry run's confirmation token.",
        "--execute on a terminal runs a dry run, shows what it will act on and asks you to type 'execute';"
                + " from cron pass --confirmation-token of a dry run with the same flags.",
        "Exit: dry run 0 clean, 1 orphaned files or records found, 2 the run failed or keys could not be"
                + " checked; --execute 0 done, 2 refused, not confirmed or failed (as 'deletion' once it deletes)."})
public final class MaintenanceCommand implements Callable<Integer> {

    static final String CONFIRMATION_WORD = "execute";
    private static final int SHOWN = 20;
    private static final String RUNS = "api/v1/maintenance/runs";

    /** The API's choices, shown and sent as the API spells them. */
    enum OrphanAction {
        REPORT, QUARANTINE, DELETE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum MissingAction {
        REPORT, MARK_MISSING;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "only keys under it (key_prefix, ends in /)")
    String prefix;

    @Option(names = "--orphan-action", paramLabel = "ACTION",
            description = "what an execution does with orphaned files: ${COMPLETION-CANDIDATES} (orphan_action)")
    OrphanAction orphanAction;

    @Option(names = "--missing-action", paramLabel = "ACTION",
            description = "what an execution does with orphaned records: ${COMPLETION-CANDIDATES} (missing_action)")
    MissingAction missingAction;

    @Option(names = "--min-age-days", paramLabel = "DAYS",
            description = "files younger than this are never acted on (orphan_min_age_days)")
    Integer minAgeDays;

    @Option(names = "--max-delete", paramLabel = "N", description = "refuse an execution acting on more (max_delete)")
    Long maxDelete;

    @Option(names = "--execute", description = "act on the findings (confirmed by typing, or --confirmation-token)")
    boolean execute;

    @Option(names = "--confirmation-token", paramLabel = "TOKEN",
            description = "a dry run's token (confirmation_token): --execute without asking, for cron")
    String confirmationToken;

    @Mixin
    Session session;

    @Override
    public Integer call() {
        if (confirmationToken != null && !execute) {
            throw new Failure("--confirmation-token acts only with --execute; nothing was started");
        }
        if (execute && confirmationToken == null && !session.terminal().interactive()) {
            throw new Failure("--execute needs a typed confirmation, and this is not a terminal: pass"
                    + " --confirmation-token <token> of a dry run with the same flags; nothing was started");
        }
        Api api = session.api();
        if (!execute) {
            JsonObject dryRun = run(api, null);
            session.print(dryRun, report(api, dryRun) + tokenHint(dryRun));
            return outcome(dryRun).code();
        }
        String token = confirmationToken != null ? confirmationToken : confirmByTyping(api);
        if (token == null) {
            return Exit.DONE.code();
        }
        JsonObject execution = run(api, token);
        if (!"completed".equals(execution.getString("state"))) {
            session.print(execution, report(api, execution));
            return Exit.ERROR.code();
        }
        if (execution.isNull("deletion_id")) {
            session.print(execution, report(api, execution));
            return Exit.DONE.code();
        }
        return Deletions.followQueued(session, api, execution, report(api, execution));
    }

    /**
     * A dry run with these flags, its report and what an execution would act on; then the typed
     * word. Returns the dry run's token, or null when there is nothing to act on.
     */
    private String confirmByTyping(Api api) {
        JsonObject dryRun = run(api, null);
        var terminal = session.terminal();
        terminal.err().println(report(api, dryRun));
        if (!"completed".equals(dryRun.getString("state"))) {
            throw new Failure("the dry run " + dryRun.getString("id") + " ended " + dryRun.getString("state")
                    + "; nothing was changed");
        }
        List<String> plan = plan(api, dryRun);
        if (plan.isEmpty()) {
            terminal.err().println("Nothing to act on (with --orphan-action " + action(dryRun, "orphan_action")
                    + " and --missing-action " + action(dryRun, "missing_action") + ").");
            session.print(dryRun, "Nothing was changed.");
            return null;
        }
        plan.forEach(terminal.err()::println);
        String answer = terminal.ask("Type '" + CONFIRMATION_WORD + "' to go ahead: ");
        if (answer == null || !CONFIRMATION_WORD.equals(answer.strip())) {
            throw new Failure("not confirmed; nothing was changed");
        }
        return dryRun.getString("confirmation_token");
    }

    /** What an execution of the dry run does: its actionable findings of each kind whose action is not report. */
    private List<String> plan(Api api, JsonObject dryRun) {
        List<String> plan = new ArrayList<>();
        String orphanVerb = switch (action(dryRun, "orphan_action")) {
            case "quarantine" -> "quarantine";
            case "delete" -> "delete";
            default -> null;
        };
        if (orphanVerb != null) {
            describe(plan, orphanVerb + " %d orphaned files:", actionable(api, dryRun, "orphaned_file"));
        }
        if ("mark_missing".equals(action(dryRun, "missing_action"))) {
            describe(plan, "mark %d records missing:", actionable(api, dryRun, "orphaned_record"));
        }
        return plan;
    }

    private static void describe(List<String> plan, String heading, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        plan.add("Will " + heading.formatted(keys.size()));
        keys.stream().limit(SHOWN).forEach(key -> plan.add("  - " + key));
        if (keys.size() > SHOWN) {
            plan.add("  … and " + (keys.size() - SHOWN) + " more");
        }
    }

    private static List<String> actionable(Api api, JsonObject run, String kind) {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = api.get(Api.query(RUNS + "/" + run.getString("id") + "/findings", "kind", kind,
                    "limit", 1000, "cursor", cursor));
            page.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(finding -> finding.getBoolean("actionable")).forEach(f -> keys.add(f.getString("key")));
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
        } while (cursor != null);
        return keys;
    }

    private static String action(JsonObject run, String name) {
        return run.getJsonObject("params").getString(name);
    }

    /** Starts a run with these flags (an execution with {@code token}) and follows it to its end. */
    private JsonObject run(Api api, String token) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("dry_run", token == null);
        if (prefix != null) {
            body.add("key_prefix", prefix);
        }
        if (orphanAction != null) {
            body.add("orphan_action", orphanAction.toString());
        }
        if (missingAction != null) {
            body.add("missing_action", missingAction.toString());
        }
        if (minAgeDays != null) {
            body.add("orphan_min_age_days", minAgeDays);
        }
        if (maxDelete != null) {
            body.add("max_delete", maxDelete);
        }
        if (token != null) {
            body.add("confirmation_token", token);
        }
        String id = api.post(RUNS, body.build()).getString("id");
        try (Progress progress = Progress.start(session.terminal(), token == null ? "maintenance dry run"
                : "maintenance", "keys")) {
            return Poll.until(() -> api.get(RUNS + "/" + id), Poll::runEnded, run -> progress.update(
                    run.getJsonObject("storage_to_db").getJsonNumber("objects_scanned").longValue(), -1,
                    "scanned, " + run.getJsonObject("summary").getJsonNumber("orphaned_files").longValue()
                            + " orphaned files"));
        }
    }

    private static String report(Api api, JsonObject run) {
        return api.text(RUNS + "/" + run.getString("id") + "/report", "text/plain").stripTrailing();
    }

    private static String tokenHint(JsonObject dryRun) {
        JsonValue token = dryRun.get("confirmation_token");
        if (token == null || token == JsonValue.NULL || outcome(dryRun) != Exit.FINDINGS) {
            return "";
        }
        return "\n\nConfirmation token: " + dryRun.getString("confirmation_token")
                + "\n(acts once, with the same flags: add --execute --confirmation-token <token>)";
    }

    /**
     * A dry run's exit: {@link Exit#ERROR} when it did not complete or keys could not be checked
     * (its "clean" would not be true), {@link Exit#FINDINGS} for orphans either way, else {@link Exit#DONE}.
     */
    static Exit outcome(JsonObject run) {
        if (!"completed".equals(run.getString("state")) || run.getJsonNumber("check_errors").longValue() > 0) {
            return Exit.ERROR;
        }
        JsonObject summary = run.getJsonObject("summary");
        return summary.getJsonNumber("orphaned_files").longValue() + summary.getJsonNumber("orphaned_records")
                .longValue() > 0 ? Exit.FINDINGS : Exit.DONE;
    }
}
