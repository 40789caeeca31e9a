package dev.custodian.cli.bucketrun;

import dev.custodian.cli.Exit;
import jakarta.json.JsonObject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code custodian migrate}: seed 001's {@code migrate_r2_structure.py}, legacy keys to the canonical layout. */
@Command(name = "migrate", description = {"Move records whose keys are not canonical to"
        + " users/{user}/projects/{project}/… (POST /admin/migrations): of --project, of --user, or of every"
        + " record. A dry run unless --execute.",
        "Exit: 0 nothing to move (dry run) or all moved; 1 keys to move (dry run), or conflicts or skipped records,"
                + " or --max-objects reached; 2 keys failed, the run failed or an error."})
public final class MigrateCommand implements Callable<Integer> {

    /** One scope at most, as the API takes it. */
    static final class Scope {

        @Option(names = "--project", paramLabel = "PROJECT_ID", description = "one project's records (project_id)")
        String projectId;

        @Option(names = "--user", paramLabel = "USER_ID", description = "one user's records (user_id)")
        String userId;
    }

    @ArgGroup(exclusive = true)
    Scope scope = new Scope();

    @Option(names = "--max-objects", paramLabel = "N", description = "move at most this many (max_objects)")
    Long maxObjects;

    @Mixin
    RunFlags flags;

    @Override
    public Integer call() {
        var body = flags.body();
        if (scope.projectId != null) {
            body.add("project_id", scope.projectId);
        }
        if (scope.userId != null) {
            body.add("user_id", scope.userId);
        }
        if (maxObjects != null) {
            body.add("max_objects", maxObjects);
        }
        JsonObject run = BucketRuns.run(flags.session, flags.session.api(), "api/v1/admin/migrations", body.build());
        flags.session.print(run, BucketRuns.text(run, List.of("migrated", "skipped", "failed", "conflicts"),
                List.of("sample", "conflict_sample", "skipped_sample")));
        return outcome(run).code();
    }

    static Exit outcome(JsonObject run) {
        if (!BucketRuns.completed(run) || BucketRuns.count(run, "failed") > 0) {
            return Exit.ERROR;
        }
        long left = BucketRuns.sum(run, "conflicts", "skipped") + (run.getBoolean("dry_run")
                ? BucketRuns.count(run, "migrated") : 0);
        return left > 0 || run.getBoolean("limit_reached") ? Exit.FINDINGS : Exit.DONE;
    }
}
