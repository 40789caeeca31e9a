package dev.custodian.cli.retention;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.Failure;
import dev.custodian.cli.Session;
import dev.custodian.cli.deletion.Deletions;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code custodian cleanup}: seed 003's bulk cleanup. Unlike the API (whose {@code dry_run}
 * defaults to false, as the seed's did), a dry run unless {@code --execute}: the seed's own advice
 * is to look first.
 */
@Command(name = "cleanup", description = {"Seed 003's bulk cleanup (POST /cleanup/bulk): temporary objects older"
        + " than an hour and final ones older than --retention-days. A dry run unless --execute.",
        "Exit: dry run 0 nothing to delete, 1 something to delete; --execute 0 nothing to delete, else as"
                + " 'deletion'; 2 over --max-delete (nothing deleted), or an error."})
public final class CleanupCommand implements Callable<Integer> {

    @Option(names = "--retention-days", paramLabel = "DAYS", description = "final objects older go (retention_days;"
            + " the service's default 5)")
    Integer retentionDays;

    @Option(names = "--include-untracked", description = "also objects the ledger does not know, past the orphan"
            + " minimum age (include_untracked)")
    boolean includeUntracked;

    @Option(names = "--max-delete", paramLabel = "N", description = "delete nothing if there is more (max_delete)")
    Long maxDelete;

    @Option(names = "--force", description = "allow --retention-days below 1 (force; admin only)")
    boolean force;

    @Option(names = "--execute", description = "delete (dry_run false)")
    boolean execute;

    @Mixin
    Session session;

    @Override
    public Integer call() {
        Api api = session.api();
        var body = Json.createObjectBuilder().add("dry_run", !execute).add("include_untracked", includeUntracked)
                .add("force", force);
        if (retentionDays != null) {
            body.add("retention_days", retentionDays);
        }
        if (maxDelete != null) {
            body.add("max_delete", maxDelete);
        }
        JsonObject report = api.post("api/v1/cleanup/bulk", body.build());
        if (!report.getBoolean("success")) {
            throw new Failure("the cleanup did not succeed: " + report.getString("message"));
        }
        if (report.isNull("deletion_id")) {
            session.print(report, text(report));
            return (report.getJsonNumber("deleted_count").longValue() > 0 ? Exit.FINDINGS : Exit.DONE).code();
        }
        return Deletions.followQueued(session, api, report, text(report));
    }

    static String text(JsonObject report) {
        StringBuilder text = new StringBuilder(report.getBoolean("dry_run") ? "Dry run: " : "")
                .append(report.getString("message"))
                .append("\n  scanned ").append(report.getJsonNumber("total_files_scanned").longValue())
                .append(", retention ").append(report.getInt("retention_days")).append(" days, untracked kept ")
                .append(report.getJsonNumber("skipped_untracked_count").longValue());
        var sample = report.getJsonArray("deleted_files_sample").getValuesAs(JsonString.class);
        if (!sample.isEmpty()) {
            text.append("\n  ").append(report.getBoolean("dry_run") ? "would delete, for example:" : "deleting:");
            sample.forEach(key -> text.append("\n    - ").append(key.getString()));
        }
        return text.toString();
    }
}
