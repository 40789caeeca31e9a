package dev.custodian.maintenance.control;

import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.FindingKind;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.run.entity.RunState;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A run's report as text (the seed's layout) and its findings as CSV, written page by page so a
 * run with millions of findings never sits in memory.
 */
public final class MaintenanceReport {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final String CSV_HEADER = "kind,key,size_bytes,created_at,actionable,outcome,detail\r\n";

    /** Findings of one kind after a finding id, in id order; empty when there are no more. */
    @FunctionalInterface
    public interface Pages {
        List<Finding> after(FindingKind kind, long afterId);
    }

    private MaintenanceReport() {
    }

    public static void text(MaintenanceRun run, Pages pages, Writer out) throws IOException {
        MaintenanceRun.Counters counters = run.counters();
        Instant at = run.finishedAt() != null ? run.finishedAt()
                : run.startedAt() != null ? run.startedAt() : run.createdAt();
        out.write("=== Storage Maintenance Report ===\n");
        out.write("Timestamp: " + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\n");
        out.write("Run: " + run.id() + " (" + (run.dryRun() ? "dry run" : "execution") + ", " + run.state().wireName()
                + "), prefix '" + run.keyPrefix() + "'\n");
        if (run.state() != RunState.COMPLETED) {
            out.write("Note: the run is " + run.state().wireName() + "; the findings below may be incomplete.\n");
        }
        out.write("\n=== DB → Storage Check ===\n");
        if (counters.missing() == 0) {
            out.write("✅ All " + counters.recordsChecked() + " DB records have corresponding files\n");
        } else {
            out.write("⚠️  Found " + counters.missing() + " orphaned records:\n");
            lines(FindingKind.ORPHANED_RECORD, pages, out);
        }
        out.write("\n=== Storage → DB Check ===\n");
        if (counters.orphans() == 0) {
            out.write("✅ All " + counters.objectsScanned() + " files have DB records\n");
        } else {
            out.write("⚠️  Found " + counters.orphans() + " orphaned files:\n");
            lines(FindingKind.ORPHANED_FILE, pages, out);
        }
        if (counters.checkErrors() > 0) {
            out.write("\n" + counters.checkErrors() + " keys could not be checked and are not counted above.\n");
        }
        out.write("\n=== Summary ===\n");
        out.write("Orphaned files: " + counters.orphans() + "\n");
        out.write("Orphaned records: " + counters.missing() + "\n");
        if (!run.dryRun()) {
            out.write("Quarantined: " + counters.quarantined() + "\n");
            out.write("Deleted: " + counters.deleted() + "\n");
            out.write("Records marked missing: " + counters.recordsMarked() + "\n");
        }
    }

    private static void lines(FindingKind kind, Pages pages, Writer out) throws IOException {
        long after = 0;
        for (List<Finding> page = pages.after(kind, after); !page.isEmpty(); page = pages.after(kind, after)) {
            for (Finding finding : page) {
                after = finding.id();
                out.write("  - " + finding.key() + " (created: " + DAY.format(finding.createdAt()) + ")"
                        + (finding.outcome() == null ? "" : " → " + finding.outcome().wireName()) + "\n");
            }
        }
    }

    public static void csv(Pages pages, Writer out) throws IOException {
        out.write(CSV_HEADER);
        for (FindingKind kind : FindingKind.values()) {
            long after = 0;
            for (List<Finding> page = pages.after(kind, after); !page.isEmpty(); page = pages.after(kind, after)) {
                for (Finding f : page) {
                    after = f.id();
                    out.write(String.join(",", f.kind().wireName(), cell(f.key()), Long.toString(f.sizeBytes()),
                            f.createdAt().toString(), Boolean.toString(f.actionable()), cell(f.outcome() == null ? null : f.outcome().wireName()),
                            cell(f.detail())) + "\r\n");
                }
            }
        }
    }

    /**
     * RFC 4180 quoting; a cell a spreadsheet would run as a formula (= + - @) gets a leading
     * apostrophe, as OWASP advises for CSV meant to be opened by people.
     */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
