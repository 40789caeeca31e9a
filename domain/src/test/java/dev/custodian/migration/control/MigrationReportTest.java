package dev.custodian.migration.control;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationReportTest {

    private static final Map<String, Long> COUNTS = Map.of("planned", 2L, "copied", 1L, "switched", 1L,
            "migrated", 5L, "skipped", 3L, "conflict", 1L);

    @Test
    void aRunReportsWhatItMovedAndCountsUnfinishedMovesAsOpen() {
        assertThat(Migrations.report(false, COUNTS))
                .containsExactly(Map.entry("migrated", 5L), Map.entry("skipped", 3L), Map.entry("failed", 0L),
                        Map.entry("conflicts", 1L));
        assertThat(Migrations.open(false, COUNTS)).isEqualTo(4);
    }

    @Test
    void aDryRunReportsWhatItWouldMoveAndLeavesNothingOpen() {
        assertThat(Migrations.report(true, COUNTS)).containsEntry("migrated", 2L).containsEntry("conflicts", 1L);
        assertThat(Migrations.open(true, COUNTS)).isZero();
    }
}
