package dev.custodian.maintenance.control;

import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.FindingKind;
import dev.custodian.maintenance.entity.FindingOutcome;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.MissingAction;
import dev.custodian.maintenance.entity.OrphanAction;
import dev.custodian.run.entity.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceReportTest {

    private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final Instant FINISHED = Instant.parse("2024-01-15T03:00:00.123Z");

    private static MaintenanceRun run(boolean dryRun, long records, long missing, long scanned, long orphans) {
        return new MaintenanceRun(RUN, RunState.COMPLETED, dryRun, "assets/", OrphanAction.QUARANTINE, 30,
                MissingAction.REPORT, 100, null, "admin", "api", null, null, 1L, null, FINISHED, FINISHED, FINISHED,
                FINISHED, new MaintenanceRun.Counters(records, missing, scanned, orphans, 30, 0, 2, 0, 0), null, null);
    }

    private static Finding file(long id, String key, String day, FindingOutcome outcome) {
        return new Finding(id, FindingKind.ORPHANED_FILE, key, 10, Instant.parse(day + "T10:00:00Z"), null, true, outcome,
                null);
    }

    /** Two pages of orphaned files, none of the other kind. */
    private static final MaintenanceReport.Pages PAGES = (kind, after) -> {
        if (kind != FindingKind.ORPHANED_FILE) {
            return List.of();
        }
        if (after == 0) {
            return List.of(file(1, "assets/lion/pl_preview.png", "2024-01-14", null),
                    file(2, "assets/cat/pl_preview.png", "2024-01-14", null));
        }
        return after == 2 ? List.of(file(3, "assets/dog/pl_preview.png", "2024-01-13", null)) : List.of();
    };

    @Test
    void theTextReportFollowsTheSeedLayoutAcrossPages() throws Exception {
        StringWriter out = new StringWriter();
        MaintenanceReport.text(run(true, 150, 0, 153, 3), PAGES, out);

        assertThat(out.toString()).isEqualTo("""
                === Storage Maintenance Report ===
                Timestamp: 2024-01-15T03:00:00Z
                Run: 00000000-0000-0000-0000-0000000000aa (dry run, completed), prefix 'assets/'

                === DB → Storage Check ===
                ✅ All 150 DB records have corresponding files

                === Storage → DB Check ===
                ⚠️  Found 3 orphaned files:
                  - assets/lion/pl_preview.png (created: 2024-01-14)
                  - assets/cat/pl_preview.png (created: 2024-01-14)
                  - assets/dog/pl_preview.png (created: 2024-01-13)

                === Summary ===
                Orphaned files: 3
                Orphaned records: 0
                """);
    }

    @Test
    void anExecutionsReportSaysWhatItDidWithEachFinding() throws Exception {
        StringWriter out = new StringWriter();
        MaintenanceReport.text(run(false, 5, 0, 7, 1), (kind, after) -> kind == FindingKind.ORPHANED_FILE && after == 0
                ? List.of(file(9, "assets/a.png", "2024-01-01", FindingOutcome.QUARANTINED)) : List.of(), out);

        assertThat(out.toString()).contains("  - assets/a.png (created: 2024-01-01) → quarantined\n")
                .contains("(execution, completed)").endsWith("Quarantined: 2\nDeleted: 0\nRecords marked missing: 0\n");
    }

    @Test
    void theCsvHasAHeaderAndOneLinePerFinding() throws Exception {
        StringWriter out = new StringWriter();
        MaintenanceReport.csv(PAGES, out);

        assertThat(out.toString().split("\r\n")).containsExactly(
                "kind,key,size_bytes,created_at,actionable,outcome,detail",
                "orphaned_file,assets/lion/pl_preview.png,10,2024-01-14T10:00:00Z,true,,",
                "orphaned_file,assets/cat/pl_preview.png,10,2024-01-14T10:00:00Z,true,,",
                "orphaned_file,assets/dog/pl_preview.png,10,2024-01-13T10:00:00Z,true,,");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "plain/key.png|plain/key.png",
            "a,b.png|\"a,b.png\"",
            "say \"hi\".png|\"say \"\"hi\"\".png\"",
            "=cmd.png|'=cmd.png",
            "+1.png|'+1.png",
            "@x,y|\"'@x,y\""})
    void cellsAreQuotedAndFormulasDefused(String value, String expected) {
        assertThat(MaintenanceReport.cell(value)).isEqualTo(expected);
    }
}
