package dev.custodian.cli.maintenance;

import dev.custodian.cli.Exit;
import dev.custodian.cli.FakeService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed 004 flow against a stand-in service: the report, the exit, the typed confirmation. */
class MaintenanceCommandTest {

    private static final String REPORT = "=== Storage Maintenance Report ===\nTimestamp: 2026-12-07T03:00:00Z\n";

    private final FakeService service = new FakeService();

    @AfterEach
    void stop() {
        service.close();
    }

    private static String run(String state, int orphanedFiles, int orphanedRecords, int checkErrors) {
        return "{\"id\":\"r1\",\"state\":\"" + state + "\",\"dry_run\":true,\"params\":{\"key_prefix\":\"users/\","
                + "\"orphan_action\":\"quarantine\",\"orphan_min_age_days\":30,\"missing_action\":\"report\","
                + "\"max_delete\":10},\"deletion_id\":null,\"storage_to_db\":{\"objects_scanned\":5,\"orphans\":"
                + orphanedFiles + ",\"orphan_bytes\":1},\"summary\":{\"orphaned_files\":" + orphanedFiles
                + ",\"orphaned_records\":" + orphanedRecords + "},\"check_errors\":" + checkErrors
                + ",\"confirmation_token\":\"tok-1\"}";
    }

    private void serve(String run) {
        service.json("POST", "/api/v1/maintenance/runs", "{\"id\":\"r1\"}")
                .json("GET", "/api/v1/maintenance/runs/r1", run)
                .answer("GET", "/api/v1/maintenance/runs/r1/report",
                        new FakeService.Answer(200, "text/plain", REPORT, java.util.Map.of()))
                .json("GET", "/api/v1/maintenance/runs/r1/findings", "{\"items\":[{\"kind\":\"orphaned_file\","
                        + "\"key\":\"users/u1/old.png\",\"actionable\":true},{\"kind\":\"orphaned_file\",\"key\":"
                        + "\"users/u1/young.png\",\"actionable\":false}],\"next_cursor\":null}");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aDryRunPrintsTheReportAndExits1OnFindingsWithItsToken() {
        serve(run("completed", 1, 0, 0));
        FakeService.Run dry = service.run(null, "maintenance", "--prefix", "users/", "--orphan-action", "quarantine",
                "--min-age-days", "30");
        assertThat(dry.exit()).isEqualTo(1);
        assertThat(dry.out()).startsWith(REPORT).contains("Confirmation token: tok-1");
        assertThat(json(service.requests().get(0).body())).isEqualTo(json("{\"dry_run\":true,\"key_prefix\":"
                + "\"users/\",\"orphan_action\":\"quarantine\",\"orphan_min_age_days\":30}"));
    }

    @Test
    void theExitOfADryRun() {
        assertThat(MaintenanceCommand.outcome(json(run("completed", 0, 0, 0)))).isEqualTo(Exit.DONE);
        assertThat(MaintenanceCommand.outcome(json(run("completed", 0, 2, 0)))).isEqualTo(Exit.FINDINGS);
        assertThat(MaintenanceCommand.outcome(json(run("completed", 3, 0, 0)))).isEqualTo(Exit.FINDINGS);
        assertThat(MaintenanceCommand.outcome(json(run("completed", 0, 0, 1))))
                .as("keys that could not be checked: not known clean").isEqualTo(Exit.ERROR);
        assertThat(MaintenanceCommand.outcome(json(run("failed", 0, 0, 0)))).isEqualTo(Exit.ERROR);
    }

    @Test
    void onATerminalExecuteShowsWhatItWillActOnAndActsOnlyOnTheTypedWord() {
        serve(run("completed", 2, 0, 0));
        FakeService.Run refused = service.run("yes\n", "maintenance", "--orphan-action", "quarantine", "--execute");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("Will quarantine 1 orphaned files:").contains("users/u1/old.png")
                .doesNotContain("young.png").contains("not confirmed");
        assertThat(service.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(1)
                .allSatisfy(r -> assertThat(json(r.body()).getBoolean("dry_run")).isTrue());

        FakeService.Run confirmed = service.run("execute\n", "maintenance", "--orphan-action", "quarantine",
                "--execute");
        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        assertThat(service.requests()).filteredOn(r -> r.method().equals("POST")).last()
                .satisfies(r -> assertThat(json(r.body())).isEqualTo(json("{\"dry_run\":false,\"orphan_action\":"
                        + "\"quarantine\",\"confirmation_token\":\"tok-1\"}")));
    }
}
