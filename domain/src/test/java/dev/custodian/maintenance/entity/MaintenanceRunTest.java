package dev.custodian.maintenance.entity;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.run.entity.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceRunTest {

    private static MaintenanceRun withPrefix(String prefix) {
        return scanning(prefix, null, null);
    }

    private static MaintenanceRun scanning(String prefix, Instant scanStartedAt, Inventory inventory) {
        return new MaintenanceRun(UUID.randomUUID(), RunState.RUNNING, true, prefix, OrphanAction.REPORT, 30,
                MissingAction.REPORT, 10, null, "admin", "api", null, null, null, null, Instant.EPOCH, null,
                scanStartedAt, null, new MaintenanceRun.Counters(0, 0, 0, 0, 0, 0, 0, 0, 0), null, inventory);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|''|true",
            "''|users/|true",
            "users/|''|true",
            "users/u1/|users/|true",
            "users/|users/u1/|true",
            "users/u1/|users/u10/|false",
            "users/u10/|users/u1/|false",
            "a/|b/|false"})
    void prefixesOverlapWhenOneContainsTheOther(String running, String requested, boolean overlaps) {
        assertThat(withPrefix(running).overlaps(requested)).isEqualTo(overlaps);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "users/|report|30|report|true",
            "users/u1/|report|30|report|false",
            "users/|quarantine|30|report|false",
            "users/|report|31|report|false",
            "users/|report|30|mark_missing|false"})
    void anExecutionMustRepeatItsDryRunsParameters(String prefix, String orphans, int days, String missing,
                                                   boolean same) {
        MaintenanceRequest request = new MaintenanceRequest(false, prefix, OrphanAction.fromWireName(orphans), days,
                MissingAction.fromWireName(missing), 10, "token", "api", null);
        assertThat(request.sameParameters(withPrefix("users/"))).isEqualTo(same);
    }

    @Test
    void anInventoryRunJudgesNothingTheLedgerChangedAfterTheReportWasTaken() {
        Instant scan = Instant.parse("2026-12-07T10:00:00Z");
        Instant report = Instant.parse("2026-12-06T01:00:00Z");
        assertThat(scanning("", scan, null).judgedAt()).as("a listing: when it began").isEqualTo(scan);
        assertThat(scanning("", scan, new Inventory("inv/manifest.json", report)).judgedAt()).isEqualTo(report);
    }

    @Test
    void anExecutionMustNameTheSameReportAsItsDryRun() {
        Inventory report = new Inventory("inv/manifest.json", Instant.parse("2026-12-06T01:00:00Z"));
        MaintenanceRun dry = scanning("users/", null, report);
        assertThat(execution(report).sameParameters(dry)).isTrue();
        assertThat(execution(null).sameParameters(dry)).as("a listing is not that report").isFalse();
        assertThat(execution(new Inventory("inv/manifest.json", Instant.parse("2026-12-07T01:00:00Z")))
                .sameParameters(dry)).as("the manifest replaced by a newer report").isFalse();
    }

    private static MaintenanceRequest execution(Inventory inventory) {
        return new MaintenanceRequest(false, "users/", OrphanAction.REPORT, 30, MissingAction.REPORT, 10, "token",
                "api", inventory);
    }
}
