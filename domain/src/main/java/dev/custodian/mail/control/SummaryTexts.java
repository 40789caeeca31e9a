package dev.custodian.mail.control;

import dev.custodian.deletion.entity.DeletionDigest;
import dev.custodian.mail.entity.Mail;
import dev.custodian.webhook.entity.WebhookEventType;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The text of each summary mail, from the data of the event it reports (the webhooks' {@code data},
 * so a mail never says more or less than the event) or from a digest. Every summary says what was
 * found, what was deleted, what was kept and the bytes, and links to the console page that shows it.
 */
public final class SummaryTexts {

    static final String PREFIX = "[Custodian] ";
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private SummaryTexts() {
    }

    /** The mail of an event, for the types that have one (cleanups, maintenance runs, threshold crossings). */
    public static Optional<Mail> ofEvent(String type, JsonObject data, String consoleUrl) {
        return WebhookEventType.fromWireName(type).flatMap(known -> switch (known) {
            case CLEANUP_COMPLETED -> Optional.of(cleanup(data, consoleUrl));
            case MAINTENANCE_COMPLETED -> Optional.of(maintenance(data, consoleUrl));
            case THRESHOLD_CROSSED -> Optional.of(threshold(data, consoleUrl));
            default -> Optional.empty();
        });
    }

    static Mail cleanup(JsonObject data, String consoleUrl) {
        long deleted = number(data, "deleted_count");
        long bytes = number(data, "deleted_bytes");
        String subject = PREFIX + "Bulk cleanup: " + files(deleted) + " (" + bytes(bytes) + ") queued for deletion";
        String body = "Bulk cleanup, requested by " + data.getString("requested_by", "?") + ", retention "
                + number(data, "retention_days") + " days.\n\n"
                + "Found:    " + files(number(data, "total_files_scanned")) + " scanned\n"
                + "Deleted:  " + files(deleted) + ", " + bytesInFull(bytes) + ", queued for deletion ("
                + number(data, "temporary_count") + " temporary, " + number(data, "final_count") + " final, "
                + number(data, "untracked_count") + " untracked)\n"
                + "Kept:     " + number(data, "retained_count") + " recent clips, "
                + files(number(data, "skipped_untracked_count")) + " no key layout attributes to an owner\n\n"
                + "Follow the deletion: " + link(consoleUrl, "deletions/" + data.getString("deletion_id", "")) + "\n";
        return new Mail(subject, body);
    }

    static Mail maintenance(JsonObject data, String consoleUrl) {
        boolean dryRun = data.getBoolean("dry_run", true);
        JsonObject storage = data.getJsonObject("storage_to_db");
        JsonObject ledger = data.getJsonObject("db_to_storage");
        JsonObject actions = data.getJsonObject("actions");
        long orphans = number(storage, "orphans");
        long missing = number(ledger, "missing");
        long acted = number(actions, "quarantined") + number(actions, "deleted") + number(actions, "records_marked");
        String subject = PREFIX + "Maintenance " + (dryRun ? "dry run" : "run") + ": " + orphans
                + " orphaned file" + plural(orphans) + " (" + bytes(number(storage, "orphan_bytes")) + "), "
                + missing + " orphaned record" + plural(missing);
        String body = "Maintenance " + (dryRun ? "dry run " : "run ") + data.getString("run_id", "") + " ("
                + data.getString("trigger", "?") + ", by " + data.getString("actor", "?") + ").\n\n"
                + "Found:    " + orphans + " orphaned file" + plural(orphans) + " ("
                + bytesInFull(number(storage, "orphan_bytes")) + ") among " + number(storage, "objects_scanned")
                + " objects scanned; " + missing + " orphaned record" + plural(missing) + " among "
                + number(ledger, "records_checked") + " records checked; " + number(data, "check_errors")
                + " keys could not be checked\n"
                + "Deleted:  " + number(actions, "deleted") + " files deleted, " + number(actions, "quarantined")
                + " quarantined, " + number(actions, "records_marked") + " records marked missing\n"
                + "Kept:     " + (dryRun ? "everything: a dry run changes nothing; execute it from the console"
                        : Math.max(0, orphans + missing - acted) + " findings not acted on") + "\n\n"
                + "Report: " + link(consoleUrl, "maintenance/" + data.getString("run_id", "")) + "\n";
        return new Mail(subject, body);
    }

    static Mail threshold(JsonObject data, String consoleUrl) {
        String user = data.isNull("user_id") ? null : data.getString("user_id", null);
        long live = number(data, "live_bytes");
        long limit = number(data, "threshold_bytes");
        String who = user == null ? "The bucket" : "User " + user;
        String subject = PREFIX + "Storage threshold crossed: " + who + " holds " + bytes(live) + " of " + bytes(limit);
        StringBuilder body = new StringBuilder(who + " holds " + bytesInFull(live) + ", at or over its threshold of "
                + bytesInFull(limit) + " (" + data.getString("threshold", "") + "). It is announced again once it"
                + " has fallen below " + bytesInFull(number(data, "rearm_bytes")) + " and crosses once more.\n\n");
        JsonValue cleanup = data.get("cleanup");
        if (cleanup instanceof JsonObject report) {
            boolean dryRun = report.getBoolean("dry_run", true);
            body.append(dryRun ? "The bulk cleanup's dry run (set custodian.cleanup.threshold-action=delete to act):\n"
                    : "The bulk cleanup started:\n");
            body.append("Found:    ").append(files(number(report, "total_files_scanned"))).append(" scanned\n");
            body.append(dryRun ? "Would delete: " : "Deleted:  ").append(files(number(report, "deleted_count")))
                    .append(", ").append(report.getJsonNumber("deleted_size_mb")).append(" MB")
                    .append(dryRun ? "" : ", queued for deletion").append('\n');
            body.append("Kept:     ").append(number(report, "retained_count")).append(" recent clips\n\n");
            if (!report.isNull("deletion_id")) {
                body.append("Follow the deletion: ")
                        .append(link(consoleUrl, "deletions/" + report.getString("deletion_id", ""))).append('\n');
            }
        } else {
            body.append("The bulk cleanup did not run: ").append(data.getString("cleanup_error", "?")).append("\n\n");
        }
        body.append("Overview: ").append(link(consoleUrl, "overview")).append('\n');
        return new Mail(subject, body.toString());
    }

    /** The daily digest: the deletions that finished in its window and what their keys came to. */
    public static Mail digest(DeletionDigest digest, String consoleUrl) {
        String subject = PREFIX + "Deletions until " + DAY_AND_TIME.format(digest.to()) + ": " + digest.deletions()
                + " finished, " + digest.keysDeleted() + " keys (" + bytes(digest.bytesReclaimed()) + ") deleted, "
                + digest.keysFailed() + " failed";
        StringBuilder body = new StringBuilder("Deletions finished from " + DAY_AND_TIME.format(digest.from())
                + " to " + DAY_AND_TIME.format(digest.to()) + ": " + digest.deletions() + "\n");
        digest.byState().forEach((state, count) -> body.append("  ").append(state).append(": ").append(count)
                .append('\n'));
        body.append("\nDeleted:  ").append(digest.keysDeleted()).append(" keys, ")
                .append(bytesInFull(digest.bytesReclaimed())).append('\n');
        body.append("Failed:   ").append(digest.keysFailed()).append(" keys (retry them from the deletion's page)\n");
        body.append("Held:     ").append(digest.keysHeld()).append(" keys under Object Lock, tried again when the hold"
                + " ends\n\n");
        body.append("Deletions: ").append(link(consoleUrl, "deletions")).append('\n');
        return new Mail(subject, body.toString());
    }

    /** Bytes in binary units with one decimal: {@code 1.5 MiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, unit), units.charAt(unit - 1));
    }

    private static String bytesInFull(long bytes) {
        return bytes < 1024 ? bytes(bytes) : bytes(bytes) + " (" + bytes + " bytes)";
    }

    private static String files(long count) {
        return count + " file" + plural(count);
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }

    private static long number(JsonObject data, String name) {
        JsonValue value = data == null ? null : data.get(name);
        return value instanceof JsonNumber number ? number.longValue() : 0;
    }

    private static String link(String consoleUrl, String page) {
        return consoleUrl + "#/" + page;
    }
}
