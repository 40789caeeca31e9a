package dev.custodian.mail.control;

import dev.custodian.deletion.entity.DeletionDigest;
import dev.custodian.mail.entity.Mail;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTextsTest {

    private static final String CONSOLE = "https://custodian.example.com/console/";

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aCleanupSaysWhatWasFoundDeletedAndKeptWithTheBytesAndLinksToItsDeletion() {
        Mail mail = SummaryTexts.ofEvent("cleanup.completed", json("""
                {"deletion_id": "d-1", "deleted_count": 150, "deleted_bytes": 1572864, "temporary_count": 120,
                 "final_count": 30, "untracked_count": 0, "retained_count": 25, "total_files_scanned": 175,
                 "skipped_untracked_count": 2, "retention_days": 5, "requested_by": "admin"}"""), CONSOLE).orElseThrow();

        assertThat(mail.subject()).isEqualTo("[Custodian] Bulk cleanup: 150 files (1.5 MiB) queued for deletion");
        assertThat(mail.body()).contains("Found:    175 files scanned")
                .contains("Deleted:  150 files, 1.5 MiB (1572864 bytes), queued for deletion (120 temporary, 30 final,"
                        + " 0 untracked)")
                .contains("Kept:     25 recent clips, 2 files no key layout attributes to an owner")
                .contains("https://custodian.example.com/console/#/deletions/d-1");
    }

    @Test
    void aMaintenanceDryRunSaysWhatItFoundAndThatItKeptEverything() {
        Mail mail = SummaryTexts.ofEvent("maintenance.completed", json("""
                {"run_id": "r-1", "dry_run": true, "trigger": "scheduled", "actor": "system",
                 "db_to_storage": {"records_checked": 100, "missing": 1},
                 "storage_to_db": {"objects_scanned": 120, "orphans": 3, "orphan_bytes": 2048},
                 "actions": {"quarantined": 0, "deleted": 0, "records_marked": 0}, "check_errors": 0}"""),
                CONSOLE).orElseThrow();

        assertThat(mail.subject()).isEqualTo("[Custodian] Maintenance dry run: 3 orphaned files (2.0 KiB),"
                + " 1 orphaned record");
        assertThat(mail.body()).contains("Found:    3 orphaned files (2.0 KiB (2048 bytes)) among 120 objects scanned;"
                        + " 1 orphaned record among 100 records checked")
                .contains("Deleted:  0 files deleted, 0 quarantined, 0 records marked missing")
                .contains("Kept:     everything: a dry run changes nothing")
                .contains(CONSOLE + "#/maintenance/r-1");
    }

    @Test
    void anExecutedMaintenanceRunCountsTheFindingsItDidNotActOnAsKept() {
        Mail mail = SummaryTexts.ofEvent("maintenance.completed", json("""
                {"run_id": "r-2", "dry_run": false, "db_to_storage": {"records_checked": 10, "missing": 1},
                 "storage_to_db": {"objects_scanned": 12, "orphans": 3, "orphan_bytes": 30},
                 "actions": {"quarantined": 1, "deleted": 1, "records_marked": 0}}"""), CONSOLE).orElseThrow();

        assertThat(mail.body()).contains("Kept:     2 findings not acted on");
    }

    @Test
    void aThresholdCrossingSaysTheBytesTheLowerMarkAndWhatTheDryRunWouldDelete() {
        Mail mail = SummaryTexts.ofEvent("storage.threshold_crossed", json("""
                {"scope": "bucket", "user_id": null, "threshold": "custodian.cleanup.threshold-bytes",
                 "live_bytes": 2097152, "threshold_bytes": 1048576, "rearm_bytes": 943718, "action": "dry_run",
                 "cleanup": {"deletion_id": null, "deleted_count": 4, "deleted_size_mb": 1.5, "retained_count": 2,
                             "total_files_scanned": 9, "dry_run": true}}"""), CONSOLE).orElseThrow();

        assertThat(mail.subject()).isEqualTo("[Custodian] Storage threshold crossed: The bucket holds 2.0 MiB of 1.0 MiB");
        assertThat(mail.body()).contains("at or over its threshold of 1.0 MiB (1048576 bytes)")
                .contains("fallen below 921.6 KiB (943718 bytes)")
                .contains("dry run").contains("Would delete: 4 files, 1.5 MB").contains("Kept:     2 recent clips")
                .doesNotContain("#/deletions/").contains(CONSOLE + "#/overview");
    }

    @Test
    void aThresholdCrossingWhoseCleanupWasRefusedSaysWhy() {
        Mail mail = SummaryTexts.ofEvent("storage.threshold_crossed", json("""
                {"scope": "user", "user_id": "alice", "live_bytes": 900, "threshold_bytes": 800, "rearm_bytes": 720,
                 "cleanup_error": "would delete 20000 objects, more than max_delete 10000"}"""), CONSOLE).orElseThrow();

        assertThat(mail.subject()).contains("User alice holds 900 B of 800 B");
        assertThat(mail.body()).contains("The bulk cleanup did not run: would delete 20000 objects");
    }

    @Test
    void eventsWithoutASummaryGetNoMail() {
        assertThat(SummaryTexts.ofEvent("deletion.completed", json("{}"), CONSOLE)).isEmpty();
        assertThat(SummaryTexts.ofEvent("no.such.event", json("{}"), CONSOLE)).isEmpty();
    }

    @Test
    void theDigestCountsDeletionsByStateAndTheirKeysBytesFailuresAndHolds() {
        Map<String, Long> byState = new LinkedHashMap<>();
        byState.put("completed", 3L);
        byState.put("completed_with_errors", 1L);
        Mail mail = SummaryTexts.digest(new DeletionDigest(Instant.parse("2026-12-01T07:00:00Z"),
                Instant.parse("2026-12-02T07:00:00Z"), byState, 1200, 5L << 30, 4, 2), CONSOLE);

        assertThat(mail.subject()).isEqualTo("[Custodian] Deletions until 2026-12-02 07:00 UTC: 4 finished,"
                + " 1200 keys (5.0 GiB) deleted, 4 failed");
        assertThat(mail.body()).contains("from 2026-12-01 07:00 UTC to 2026-12-02 07:00 UTC: 4")
                .contains("  completed: 3\n  completed_with_errors: 1")
                .contains("Deleted:  1200 keys, 5.0 GiB (5368709120 bytes)")
                .contains("Failed:   4 keys").contains("Held:     2 keys").contains(CONSOLE + "#/deletions");
    }

    @Test
    void bytesAreShownInBinaryUnits() {
        assertThat(SummaryTexts.bytes(0)).isEqualTo("0 B");
        assertThat(SummaryTexts.bytes(1023)).isEqualTo("1023 B");
        assertThat(SummaryTexts.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(SummaryTexts.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }
}
