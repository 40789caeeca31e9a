package dev.custodian.cli.bucketrun;

import dev.custodian.cli.Exit;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/** What each bucket run's end means for cron: a dry run with something to do is a finding, a failure an error. */
class BucketRunOutcomesTest {

    private static JsonObject run(String state, boolean dryRun, boolean limitReached, String counts) {
        return Json.createReader(new StringReader("{\"state\":\"" + state + "\",\"dry_run\":" + dryRun
                + ",\"limit_reached\":" + limitReached + "," + counts + "}")).readObject();
    }

    @Test
    void clear() {
        String some = "\"objects\":2,\"records_without_object\":0";
        String none = "\"objects\":0,\"records_without_object\":0";
        assertThat(ClearCommand.outcome(run("completed", true, false, some))).isEqualTo(Exit.FINDINGS);
        assertThat(ClearCommand.outcome(run("completed", true, false, none))).isEqualTo(Exit.DONE);
        assertThat(ClearCommand.outcome(run("completed", false, false, some))).isEqualTo(Exit.DONE);
        assertThat(ClearCommand.outcome(run("completed", false, true, some))).as("over max_delete").isEqualTo(Exit.ERROR);
        assertThat(ClearCommand.outcome(run("failed", true, false, none))).isEqualTo(Exit.ERROR);
    }

    @Test
    void backfill() {
        String adoptable = "\"adopted\":3,\"unparseable\":0,\"ambiguous\":0";
        String odd = "\"adopted\":3,\"unparseable\":1,\"ambiguous\":0";
        assertThat(BackfillCommand.outcome(run("completed", true, false, adoptable))).isEqualTo(Exit.FINDINGS);
        assertThat(BackfillCommand.outcome(run("completed", false, false, adoptable))).isEqualTo(Exit.DONE);
        assertThat(BackfillCommand.outcome(run("completed", false, false, odd))).isEqualTo(Exit.FINDINGS);
        assertThat(BackfillCommand.outcome(run("completed", false, true, adoptable))).isEqualTo(Exit.FINDINGS);
        assertThat(BackfillCommand.outcome(run("failed", false, false, adoptable))).isEqualTo(Exit.ERROR);
    }

    @Test
    void migrate() {
        String planned = "\"migrated\":2,\"skipped\":0,\"failed\":0,\"conflicts\":0";
        assertThat(MigrateCommand.outcome(run("completed", true, false, planned))).isEqualTo(Exit.FINDINGS);
        assertThat(MigrateCommand.outcome(run("completed", false, false, planned))).isEqualTo(Exit.DONE);
        assertThat(MigrateCommand.outcome(run("completed", false, false,
                "\"migrated\":2,\"skipped\":0,\"failed\":0,\"conflicts\":1"))).isEqualTo(Exit.FINDINGS);
        assertThat(MigrateCommand.outcome(run("completed", false, false,
                "\"migrated\":2,\"skipped\":0,\"failed\":1,\"conflicts\":0"))).isEqualTo(Exit.ERROR);
    }
}
