package dev.custodian.maintenance.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.maintenance.entity.FindingKind;
import dev.custodian.maintenance.entity.MaintenanceException;
import dev.custodian.maintenance.entity.MaintenanceRequest;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.MissingAction;
import dev.custodian.maintenance.entity.OrphanAction;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.run.control.RunFamily;
import dev.custodian.run.control.RunRows;
import dev.custodian.run.entity.RunScan;
import dev.custodian.run.entity.RunState;
import dev.custodian.webhook.control.WebhookEvents;
import dev.custodian.webhook.entity.WebhookEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * Maintenance runs in PostgreSQL: creation with its token and overlap checks, the lifecycle the
 * run framework drives, completion with its counters and announcement. Every method is one short
 * transaction; the store is never called from here. The findings are {@link MaintenanceFindings}'.
 */
@ApplicationScoped
@Transactional
public class MaintenanceRuns implements RunFamily {

    /** The Jakarta Batch job that carries out a maintenance run. */
    public static final String JOB = "maintenance";

    private static final String COLUMNS = "id, state, dry_run, key_prefix, orphan_action, orphan_min_age_days,"
            + " missing_action, max_delete, source_run_id, actor, trigger, confirmation_token, token_used_by,"
            + " execution_id, deletion_id, created_at, started_at, scan_started_at, finished_at, records_checked,"
            + " missing, objects_scanned, orphans, orphan_bytes, check_errors, quarantined, deleted, records_marked,"
            + " error, inventory_manifest, inventory_created_at";
    /** Serialises run creation, so two overlapping executions cannot both pass the check. */
    private static final long CREATE_LOCK = 0x6d61696e74L;
    private static final SecureRandom TOKENS = new SecureRandom();

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    @Inject
    MaintenanceFindings findings;

    @Inject
    MaintenanceSettings settings;

    @Inject
    WebhookEvents events;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    /**
     * Checks and records a new run. An execution must carry the unused, fresh token of a completed
     * dry run with the same parameters, and its actions must fit {@code max_delete}; no execution
     * may overlap another active run, nor any run an active execution. A scheduled unattended run
     * ({@code trigger=schedule}, no token) acts on its own findings.
     */
    public MaintenanceRun create(MaintenanceRequest request, String actor) {
        sql.query("SELECT pg_advisory_xact_lock(?)", s -> s.setLong(1, CREATE_LOCK), ResultSet::next);
        UUID id = UUID.randomUUID();
        UUID source = null;
        if (!request.dryRun()) {
            source = "schedule".equals(request.trigger()) && request.confirmationToken() == null
                    ? id : confirmedDryRun(request).id();
        }
        for (MaintenanceRun active : active()) {
            if (active.overlaps(request.keyPrefix()) && (!request.dryRun() || !active.dryRun())) {
                throw MaintenanceException.conflict("run-in-progress", "maintenance run " + active.id()
                        + " on prefix '" + active.keyPrefix() + "' is still " + active.state().wireName()
                        + "; an executing run may not overlap another run");
            }
        }
        UUID sourceRun = source;
        sql.update("INSERT INTO maintenance_run (id, state, dry_run, key_prefix, orphan_action, orphan_min_age_days,"
                + " missing_action, max_delete, source_run_id, actor, trigger, inventory_manifest, inventory_created_at,"
                + " created_at) VALUES (?, " + quoted(RunState.QUEUED) + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())", s -> {
            s.setObject(1, id);
            s.setBoolean(2, request.dryRun());
            s.setString(3, request.keyPrefix());
            s.setString(4, request.orphanAction().wireName());
            s.setInt(5, request.orphanMinAgeDays());
            s.setString(6, request.missingAction().wireName());
            s.setLong(7, request.maxDelete());
            s.setObject(8, sourceRun);
            s.setString(9, actor);
            s.setString(10, request.trigger());
            s.setString(11, request.inventory() == null ? null : request.inventory().manifestKey());
            s.setTimestamp(12, request.inventory() == null ? null : Timestamp.from(request.inventory().createdAt()));
        });
        if (source != null && !source.equals(id)) {
            sql.update("UPDATE maintenance_run SET token_used_by = ? WHERE id = ?", s -> {
                s.setObject(1, id);
                s.setObject(2, sourceRun);
            });
        }
        audit.record(actor, "maintenance_run", null, id, null, "queued", (request.dryRun() ? "dry run" : "execution")
                + " of prefix '" + request.keyPrefix() + "', orphans: " + request.orphanAction().wireName()
                + ", missing: " + request.missingAction().wireName() + ", min age " + request.orphanMinAgeDays()
                + " days, max_delete " + request.maxDelete() + (source == null ? "" : ", acting on run " + source)
                + (request.inventory() == null ? "" : ", from inventory " + request.inventory().manifestKey()
                + " of " + request.inventory().createdAt()));
        return require(id);
    }

    private MaintenanceRun confirmedDryRun(MaintenanceRequest request) {
        String token = request.confirmationToken();
        if (token == null || token.isBlank()) {
            throw MaintenanceException.conflict("confirmation-required", "dry_run=false needs the confirmation_token"
                    + " of a finished dry run with the same parameters; start a dry run first");
        }
        MaintenanceRun dry = sql.query("SELECT " + COLUMNS + " FROM maintenance_run WHERE confirmation_token = ?",
                s -> s.setString(1, token), rows -> rows.next() ? run(rows) : null);
        if (dry == null) {
            throw MaintenanceException.conflict("confirmation-token", "confirmation_token is not one this service issued");
        }
        if (dry.tokenUsedBy() != null) {
            throw MaintenanceException.conflict("confirmation-token", "confirmation_token is stale: run "
                    + dry.tokenUsedBy() + " already used it");
        }
        if (dry.finishedAt().isBefore(Instant.now().minus(settings.tokenTtl()))) {
            throw MaintenanceException.conflict("confirmation-token", "confirmation_token is stale: dry run "
                    + dry.id() + " finished at " + dry.finishedAt() + ", more than " + settings.tokenTtl()
                    + " ago; run a new dry run");
        }
        if (!request.sameParameters(dry)) {
            throw MaintenanceException.conflict("confirmation-token", "dry run " + dry.id()
                    + " had other parameters (key_prefix '" + dry.keyPrefix() + "', orphan_action "
                    + dry.orphanAction().wireName() + ", orphan_min_age_days " + dry.orphanMinAgeDays()
                    + ", missing_action " + dry.missingAction().wireName() + ", inventory_manifest "
                    + (dry.inventory() == null ? "none" : "'" + dry.inventory().manifestKey() + "' of "
                    + dry.inventory().createdAt()) + ")");
        }
        long actions = findings.actions(dry.id(), request.orphanAction());
        if (actions > request.maxDelete()) {
            throw MaintenanceException.conflict("max-delete-exceeded", "dry run " + dry.id() + " found " + actions
                    + " files to " + request.orphanAction().wireName() + ", more than max_delete "
                    + request.maxDelete() + "; nothing was changed");
        }
        return dry;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<MaintenanceRun> find(UUID id) {
        return Optional.ofNullable(sql.query("SELECT " + COLUMNS + " FROM maintenance_run WHERE id = ?",
                s -> s.setObject(1, id), rows -> rows.next() ? run(rows) : null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public MaintenanceRun require(UUID id) {
        return find(id).orElseThrow(() -> MaintenanceException.notFound("no maintenance run " + id));
    }

    /** Newest first, after the given run (keyset). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<MaintenanceRun> list(UUID after, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM maintenance_run"
                + " WHERE (?::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM maintenance_run WHERE id = ?))"
                + " ORDER BY created_at DESC, id DESC LIMIT ?", s -> {
            s.setObject(1, after);
            s.setObject(2, after);
            s.setInt(3, limit);
        }, MaintenanceRuns::runs);
    }

    @Override
    public boolean carriesOut(String job) {
        return JOB.equals(job);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<MaintenanceRun> active() {
        return sql.query("SELECT " + COLUMNS + " FROM maintenance_run WHERE state IN ("
                + quoted(RunState.QUEUED, RunState.RUNNING) + ")", s -> { }, MaintenanceRuns::runs);
    }

    @Override
    public void attachExecution(UUID id, long executionId) {
        sql.update("UPDATE maintenance_run SET execution_id = ? WHERE id = ?", s -> {
            s.setLong(1, executionId);
            s.setObject(2, id);
        });
    }

    @Override
    public void begin(UUID id) {
        sql.update("UPDATE maintenance_run SET state = " + quoted(RunState.RUNNING)
                + ", started_at = coalesce(started_at, now()), error = null WHERE id = ?", s -> s.setObject(1, id));
    }

    /**
     * The listing starts (or resumes): records changed after the first start may be missing from
     * the part already listed, so they are never judged missing by this run. A run that replays a
     * dry run's findings scans nothing.
     */
    @Override
    public Optional<RunScan> beginScan(UUID id) {
        MaintenanceRun run = require(id);
        if (run.replays()) {
            return Optional.empty();
        }
        sql.update("UPDATE maintenance_run SET scan_started_at = coalesce(scan_started_at, now()) WHERE id = ?",
                s -> s.setObject(1, id));
        return Optional.of(new RunScan(run.keyPrefix(), run.inventory(), RunRows.scanPosition(sql, "maintenance_run", id)));
    }

    @Override
    public void advanceScan(UUID id, String position) {
        RunRows.advanceScan(sql, "maintenance_run", id, position);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> queuedWithoutJob(Instant before) {
        return RunRows.queuedWithoutJob(sql, "maintenance_run", before);
    }

    /** The run's deletion for {@code orphan_action=delete}: opened on first use, held until the run ends. */
    public UUID deletion(UUID runId, String actor) {
        MaintenanceRun run = require(runId);
        if (run.deletionId() != null) {
            return run.deletionId();
        }
        DeletionRequest request = DeletionRequest.held(new DeletionScope(ScopeType.MAINTENANCE, null, null, null,
                null, null), "maintenance run " + runId, actor, Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(request);
        em.flush();
        sql.update("UPDATE maintenance_run SET deletion_id = ? WHERE id = ?", s -> {
            s.setObject(1, request.id());
            s.setObject(2, runId);
        });
        return request.id();
    }

    /** The run is done: counters from its findings, a token if it was a dry run, its deletion released. */
    public void complete(UUID id) {
        MaintenanceRun run = require(id);
        String token = run.dryRun() ? Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes()) : null;
        sql.update("UPDATE maintenance_run SET state = " + quoted(RunState.COMPLETED)
                + ", finished_at = now(), confirmation_token = ?,"
                + " orphans = (SELECT count(*) FROM maintenance_finding WHERE run_id = ?"
                + " AND kind = " + quoted(FindingKind.ORPHANED_FILE) + "),"
                + " orphan_bytes = (SELECT coalesce(sum(size_bytes), 0) FROM maintenance_finding WHERE run_id = ?"
                + " AND kind = " + quoted(FindingKind.ORPHANED_FILE) + "),"
                + " missing = (SELECT count(*) FROM maintenance_finding WHERE run_id = ?"
                + " AND kind = " + quoted(FindingKind.ORPHANED_RECORD) + ")"
                + " WHERE id = ?", s -> {
            s.setString(1, token);
            s.setObject(2, id);
            s.setObject(3, id);
            s.setObject(4, id);
            s.setObject(5, id);
        });
        release(run);
        MaintenanceRun done = require(id);
        audit.record(run.actor(), "maintenance_run", run.deletionId(), id, null, "completed",
                done.counters().orphans() + " orphaned files, " + done.counters().missing() + " orphaned records, "
                        + done.counters().quarantined() + " quarantined, " + done.counters().deleted() + " deleted, "
                        + done.counters().recordsMarked() + " marked missing");
        events.publish(WebhookEventType.MAINTENANCE_COMPLETED.wireName(), announcement(done));
    }

    /** The run as API.md's report shows it, less its confirmation token: that is the admin's, not a receiver's. */
    private static Map<String, Object> announcement(MaintenanceRun run) {
        MaintenanceRun.Counters c = run.counters();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run_id", run.id());
        data.put("dry_run", run.dryRun());
        data.put("trigger", run.trigger());
        data.put("actor", run.actor());
        data.put("params", Map.of("key_prefix", run.keyPrefix(), "orphan_action", run.orphanAction().wireName(),
                "orphan_min_age_days", run.orphanMinAgeDays(), "missing_action", run.missingAction().wireName(),
                "max_delete", run.maxDelete()));
        data.put("started_at", run.startedAt());
        data.put("finished_at", run.finishedAt());
        data.put("db_to_storage", Map.of("records_checked", c.recordsChecked(), "missing", c.missing()));
        data.put("storage_to_db", Map.of("objects_scanned", c.objectsScanned(), "orphans", c.orphans(),
                "orphan_bytes", c.orphanBytes()));
        data.put("summary", Map.of("orphaned_files", c.orphans(), "orphaned_records", c.missing()));
        data.put("actions", Map.of("quarantined", c.quarantined(), "deleted", c.deleted(),
                "records_marked", c.recordsMarked()));
        data.put("check_errors", c.checkErrors());
        data.put("deletion_id", run.deletionId());
        return data;
    }

    /** The job ended without completing the run; it may be restarted. */
    @Override
    public void failIfRunning(UUID id, String why) {
        MaintenanceRun run = require(id);
        int changed = sql.update("UPDATE maintenance_run SET state = " + quoted(RunState.FAILED)
                + ", finished_at = now(), error = ? WHERE id = ? AND state IN ("
                + quoted(RunState.QUEUED, RunState.RUNNING) + ")", s -> {
            s.setString(1, why);
            s.setObject(2, id);
        });
        if (changed > 0) {
            release(run);
            audit.record(run.actor(), "maintenance_run", run.deletionId(), id, null, "failed", why);
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failScan(UUID id, String why) {
        failIfRunning(id, why);
    }

    private void release(MaintenanceRun run) {
        if (run.deletionId() != null) {
            DeletionRequest request = em.find(DeletionRequest.class, run.deletionId());
            if (request != null) {
                request.release();
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        TOKENS.nextBytes(bytes);
        return bytes;
    }

    private static List<MaintenanceRun> runs(ResultSet rows) throws SQLException {
        List<MaintenanceRun> runs = new ArrayList<>();
        while (rows.next()) {
            runs.add(run(rows));
        }
        return runs;
    }

    private static MaintenanceRun run(ResultSet r) throws SQLException {
        long execution = r.getLong("execution_id");
        Long executionId = r.wasNull() ? null : execution;
        return new MaintenanceRun(r.getObject("id", UUID.class), RunState.fromWireName(r.getString("state")),
                r.getBoolean("dry_run"), r.getString("key_prefix"), OrphanAction.fromWireName(r.getString("orphan_action")),
                r.getInt("orphan_min_age_days"), MissingAction.fromWireName(r.getString("missing_action")),
                r.getLong("max_delete"), r.getObject("source_run_id", UUID.class), r.getString("actor"),
                r.getString("trigger"), r.getString("confirmation_token"), r.getObject("token_used_by", UUID.class),
                executionId, r.getObject("deletion_id", UUID.class),
                RunRows.instant(r, "created_at"), RunRows.instant(r, "started_at"),
                RunRows.instant(r, "scan_started_at"), RunRows.instant(r, "finished_at"),
                new MaintenanceRun.Counters(r.getLong("records_checked"), r.getLong("missing"), r.getLong("objects_scanned"), r.getLong("orphans"), r.getLong("orphan_bytes"),
                r.getLong("check_errors"), r.getLong("quarantined"), r.getLong("deleted"),
                r.getLong("records_marked")), r.getString("error"), RunRows.inventory(r));
    }


}
