package dev.custodian.maintenance.control;

import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.FindingKind;
import dev.custodian.maintenance.entity.FindingOutcome;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.OrphanAction;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ReservedKeys;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.run.control.RunRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * A maintenance run's findings in PostgreSQL: the listing staged in an UNLOGGED table and diffed
 * against the ledger in SQL (so nothing proportional to the bucket is held in the JVM), the
 * candidates confirmed, and each finding settled with what an executing run did. Every method is
 * one short transaction (or joins a scan chunk's); the store is never called from here.
 */
@ApplicationScoped
@Transactional
public class MaintenanceFindings {

    private static final String FINDING_COLUMNS = "id, kind, object_key, size_bytes, created_at, object_id,"
            + " actionable, outcome, detail";

    @Inject
    LedgerSql sql;

    /** How many files an execution of a dry run's findings would move or delete. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long actions(UUID runId, OrphanAction orphanAction) {
        if (orphanAction == OrphanAction.REPORT) {
            return 0;
        }
        return sql.query("SELECT count(*) FROM maintenance_finding WHERE run_id = ? AND kind = "
                + quoted(FindingKind.ORPHANED_FILE) + " AND actionable", s -> s.setObject(1, runId),
                rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /** One page of the listing into the staging table; a restarted scan may send a page twice. */
    public void stage(UUID id, List<ObjectInfo> page) {
        sql.batch("INSERT INTO maintenance_listing (run_id, object_key, size_bytes, last_modified) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", page, (s, object) -> {
            s.setObject(1, id);
            s.setString(2, object.key());
            s.setLong(3, object.sizeBytes());
            s.setTimestamp(4, Timestamp.from(object.lastModified()));
        });
    }

    /**
     * The diff, in SQL: staged keys with no live record (any state but deleted) are orphaned files,
     * except under the quarantine and the service's {@link ReservedKeys reserved prefix} — from an
     * inventory only candidates, since the report may be a day old; active records under the prefix,
     * unchanged since the run's {@linkplain MaintenanceRun#judgedAt() view was taken}, with no staged
     * key are candidate orphaned records. Candidates are confirmed one by one. Done once: the staging
     * rows go in the same transaction that marks the run diffed, so a restart after it only goes on
     * confirming.
     */
    public void diff(MaintenanceRun run, String bucket) {
        boolean claimed = sql.update("UPDATE maintenance_run SET diffed = true WHERE id = ? AND NOT diffed",
                s -> s.setObject(1, run.id())) > 0;
        if (!claimed) {
            return;
        }
        Instant cutOff = Instant.now().minus(Duration.ofDays(run.orphanMinAgeDays()));
        sql.update("DELETE FROM maintenance_finding WHERE run_id = ?", s -> s.setObject(1, run.id()));
        sql.update("INSERT INTO maintenance_finding (run_id, kind, object_key, size_bytes, created_at, actionable,"
                + " outcome) SELECT l.run_id, " + quoted(FindingKind.ORPHANED_FILE) + ", l.object_key, l.size_bytes,"
                + " l.last_modified, l.last_modified < ?, ?"
                + " FROM maintenance_listing l WHERE l.run_id = ? AND left(l.object_key, 12) <> ?"
                + " AND NOT starts_with(l.object_key, ?)"
                + " AND NOT EXISTS (SELECT 1 FROM stored_object o WHERE o.bucket = ? AND o.object_key = l.object_key"
                + " AND o.state <> " + quoted(ObjectState.DELETED) + ") ORDER BY l.object_key", s -> {
            s.setTimestamp(1, Timestamp.from(cutOff));
            s.setString(2, run.inventory() == null ? null : FindingOutcome.UNCONFIRMED.wireName());
            s.setObject(3, run.id());
            s.setString(4, QuarantinedObject.PREFIX);
            s.setString(5, ReservedKeys.PREFIX);
            s.setString(6, bucket);
        });
        sql.update("INSERT INTO maintenance_finding (run_id, kind, object_key, size_bytes, created_at, object_id,"
                + " actionable, outcome) SELECT ?, " + quoted(FindingKind.ORPHANED_RECORD) + ", o.object_key,"
                + " o.size_bytes, o.created_at, o.id, true, ? FROM stored_object o WHERE o.bucket = ? AND o.state = " + quoted(ObjectState.ACTIVE)
                + " AND starts_with(o.object_key, ?) AND o.updated_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM maintenance_listing l WHERE l.run_id = ?"
                + " AND l.object_key = o.object_key) ORDER BY o.object_key", s -> {
            s.setObject(1, run.id());
            s.setString(2, FindingOutcome.UNCONFIRMED.wireName());
            s.setString(3, bucket);
            s.setString(4, run.keyPrefix());
            s.setTimestamp(5, Timestamp.from(run.judgedAt()));
            s.setObject(6, run.id());
        });
        sql.update("UPDATE maintenance_run SET"
                + " objects_scanned = (SELECT count(*) FROM maintenance_listing WHERE run_id = ?"
                + " AND NOT starts_with(object_key, ?) AND NOT starts_with(object_key, ?)),"
                + " records_checked = (SELECT count(*) FROM stored_object WHERE bucket = ?"
                + " AND state = " + quoted(ObjectState.ACTIVE) + " AND starts_with(object_key, ?) AND updated_at < ?) WHERE id = ?", s -> {
            s.setObject(1, run.id());
            s.setString(2, QuarantinedObject.PREFIX);
            s.setString(3, ReservedKeys.PREFIX);
            s.setString(4, bucket);
            s.setString(5, run.keyPrefix());
            s.setTimestamp(6, Timestamp.from(run.judgedAt()));
            s.setObject(7, run.id());
        });
        sql.update("DELETE FROM maintenance_listing WHERE run_id = ?", s -> s.setObject(1, run.id()));
    }

    /** Findings of the run not settled yet ({@code outcome} null, or {@link FindingOutcome#UNCONFIRMED}), by id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Finding> unsettled(UUID runId, FindingOutcome outcome, long afterId, int limit) {
        return sql.query("SELECT " + FINDING_COLUMNS
                + " FROM maintenance_finding WHERE run_id = ? AND outcome IS NOT DISTINCT FROM ? AND id > ?"
                + " ORDER BY id LIMIT ?", s -> {
            s.setObject(1, runId);
            s.setString(2, outcome == null ? null : outcome.wireName());
            s.setLong(3, afterId);
            s.setInt(4, limit);
        }, MaintenanceFindings::findings);
    }

    /** A page of findings for the API, by id; {@code kind} null for both kinds. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Finding> findings(UUID runId, FindingKind kind, long afterId, int limit) {
        return sql.query("SELECT " + FINDING_COLUMNS
                + " FROM maintenance_finding WHERE run_id = ? AND (?::text IS NULL OR kind = ?) AND id > ?"
                + " AND outcome IS DISTINCT FROM ? ORDER BY id LIMIT ?", s -> {
            s.setObject(1, runId);
            s.setString(2, kind == null ? null : kind.wireName());
            s.setString(3, kind == null ? null : kind.wireName());
            s.setLong(4, afterId);
            s.setString(5, FindingOutcome.UNCONFIRMED.wireName());
            s.setInt(6, limit);
        }, MaintenanceFindings::findings);
    }

    /**
     * Settles a page of candidate findings: confirmed ones become findings; those the store
     * contradicts, or that could not be checked (counted in {@code check_errors}), are dropped.
     */
    public void confirm(UUID runId, List<Long> confirmed, List<Long> contradicted, List<Long> unchecked) {
        sql.update("UPDATE maintenance_finding SET outcome = null WHERE id = ANY(?)",
                s -> s.setArray(1, s.getConnection().createArrayOf("bigint", confirmed.toArray())));
        List<Long> dropped = new ArrayList<>(contradicted);
        dropped.addAll(unchecked);
        sql.update("DELETE FROM maintenance_finding WHERE id = ANY(?)",
                s -> s.setArray(1, s.getConnection().createArrayOf("bigint", dropped.toArray())));
        sql.update("UPDATE maintenance_run SET check_errors = check_errors + ? WHERE id = ?", s -> {
            s.setLong(1, unchecked.size());
            s.setObject(2, runId);
        });
    }

    /** Records what an executing run did with one finding, and counts it if it is an action. */
    public void settle(UUID runId, long findingId, FindingOutcome outcome, String detail) {
        sql.update("UPDATE maintenance_finding SET outcome = ?, detail = ? WHERE id = ?", s -> {
            s.setString(1, outcome.wireName());
            s.setString(2, detail);
            s.setLong(3, findingId);
        });
        String counter = switch (outcome) {
            case QUARANTINED -> "quarantined";
            case DELETED -> "deleted";
            case MARKED_MISSING -> "records_marked";
            default -> null;
        };
        if (counter != null) {
            sql.update("UPDATE maintenance_run SET " + counter + " = " + counter + " + 1 WHERE id = ?",
                    s -> s.setObject(1, runId));
        }
    }

    /** An execution acts on a copy of its dry run's findings, so each run's report says what it did. */
    public void copyFindings(UUID from, UUID to) {
        sql.update("INSERT INTO maintenance_finding (run_id, kind, object_key, size_bytes, created_at, object_id,"
                + " actionable) SELECT ?, kind, object_key, size_bytes, created_at, object_id, actionable"
                + " FROM maintenance_finding WHERE run_id = ? AND NOT EXISTS (SELECT 1 FROM maintenance_finding"
                + " WHERE run_id = ?) ORDER BY id", s -> {
            s.setObject(1, to);
            s.setObject(2, from);
            s.setObject(3, to);
        });
    }

    private static List<Finding> findings(ResultSet rows) throws SQLException {
        List<Finding> found = new ArrayList<>();
        while (rows.next()) {
            String outcome = rows.getString("outcome");
            found.add(new Finding(rows.getLong("id"), FindingKind.fromWireName(rows.getString("kind")),
                    rows.getString("object_key"), rows.getLong("size_bytes"), RunRows.instant(rows, "created_at"),
                    rows.getObject("object_id", UUID.class), rows.getBoolean("actionable"), outcome == null ? null : FindingOutcome.fromWireName(outcome),
                    rows.getString("detail")));
        }
        return found;
    }
}
