package dev.custodian.cli.bucketrun;

import dev.custodian.cli.Exit;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code custodian backfill}: records for what the bucket holds and the ledger lacks. */
@Command(name = "backfill", description = {"Adopt untracked keys under a prefix into the ledger, owners read from"
        + " the canonical or a legacy layout (POST /admin/backfill). A dry run unless --execute.",
        "Exit: 0 nothing to adopt (dry run) or all adopted; 1 keys to adopt (dry run), or unparseable or ambiguous"
                + " keys left, or --max-objects reached; 2 the run failed or an error."})
public final class BackfillCommand implements Callable<Integer> {

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "only keys under it (key_prefix, ends in /)")
    String prefix;

    @Option(names = "--max-objects", paramLabel = "N", description = "create at most this many records (max_objects)")
    Long maxObjects;

    @Mixin
    RunFlags flags;

    @Override
    public Integer call() {
        var body = flags.body();
        if (prefix != null) {
            body.add("key_prefix", prefix);
        }
        if (maxObjects != null) {
            body.add("max_objects", maxObjects);
        }
        JsonObject run = BucketRuns.run(flags.session, flags.session.api(), "api/v1/admin/backfill", body.build());
        flags.session.print(run, BucketRuns.text(run, List.of("adopted", "already_tracked", "unparseable", "ambiguous"),
                List.of("unparseable_sample", "ambiguous_sample")));
        return outcome(run).code();
    }

    static Exit outcome(JsonObject run) {
        if (!BucketRuns.completed(run)) {
            return Exit.ERROR;
        }
        long left = BucketRuns.sum(run, "unparseable", "ambiguous") + (run.getBoolean("dry_run")
                ? BucketRuns.count(run, "adopted") : 0);
        return left > 0 || run.getBoolean("limit_reached") ? Exit.FINDINGS : Exit.DONE;
    }
}
