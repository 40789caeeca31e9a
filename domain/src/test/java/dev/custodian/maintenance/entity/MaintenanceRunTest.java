package dev.custodian.maintenance.entity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceRunTest {

    private static MaintenanceRun withPrefix(String prefix) {
        return new MaintenanceRun(UUID.randomUUID(), RunState.RUNNING, true, prefix, OrphanAction.REPORT, 30,
                MissingAction.REPORT, 10, null, "admin", "api", null, null, null, null, Instant.EPOCH, null, null, null,
                new MaintenanceRun.Counters(0, 0, 0, 0, 0, 0, 0, 0, 0), null);
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
                MissingAction.fromWireName(missing), 10, "token", "api");
        assertThat(request.sameParameters(withPrefix("users/"))).isEqualTo(same);
    }
}
