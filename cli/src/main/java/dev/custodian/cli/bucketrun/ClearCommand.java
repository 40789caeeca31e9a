package dev.custodian.cli.bucketrun;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.deletion.Deletions;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code custodian clear}: seed 001's {@code clear_r2_bucket.py}, through the deletion pipeline. */
@Command(name = "clear", description = {"Delete everything under a prefix, records included (POST /admin/clear)."
        + " A dry run unless --execute; --confirm must name the bucket either way.",
        "Exit: dry run 0 nothing under the prefix, 1 something to clear; --execute as 'deletion';"
                + " 2 more than --max-delete (nothing deleted), the run failed, or an error."})
public final class ClearCommand implements Callable<Integer> {

    private static final List<String> COUNTS = List.of("objects", "bytes", "records_without_object", "deleted",
            "failed");

    @Option(names = "--prefix", required = true, paramLabel = "PREFIX",
            description = "what to clear (key_prefix, ends in /; \"\" is the whole bucket)")
    String prefix;

    @Option(names = "--confirm", required = true, paramLabel = "BUCKET", description = "the bucket's name (confirm)")
    String confirm;

    @Option(names = "--max-delete", paramLabel = "N", description = "delete nothing if there is more (max_delete)")
    Long maxDelete;

    @Mixin
    RunFlags flags;

    @Override
    public Integer call() {
        Api api = flags.session.api();
        var body = flags.body().add("key_prefix", prefix).add("confirm", confirm);
        if (maxDelete != null) {
            body.add("max_delete", maxDelete);
        }
        JsonObject run = BucketRuns.run(flags.session, api, "api/v1/admin/clear", body.build());
        Exit outcome = outcome(run);
        if (outcome != Exit.DONE || run.isNull("deletion_id")) {
            flags.session.print(run, BucketRuns.text(run, COUNTS, List.of()));
            return outcome.code();
        }
        return Deletions.followQueued(flags.session, api, run, BucketRuns.text(run, COUNTS, List.of()));
    }

    /** The run's own exit, before the deletion it queued (if any) is followed. */
    static Exit outcome(JsonObject run) {
        if (!BucketRuns.completed(run) || run.getBoolean("limit_reached")) {
            return Exit.ERROR;
        }
        if (run.getBoolean("dry_run")) {
            return BucketRuns.sum(run, "objects", "records_without_object") > 0 ? Exit.FINDINGS : Exit.DONE;
        }
        return Exit.DONE;
    }
}
