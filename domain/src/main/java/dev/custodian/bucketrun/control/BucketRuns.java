package dev.custodian.bucketrun.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.BucketRunException;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunItem;
import dev.custodian.bucketrun.entity.RunKind;
import dev.custodian.bucketrun.entity.RunRequest;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.run.control.RunFamily;
import dev.custodian.run.control.RunRows;
import dev.custodian.run.entity.RunScan;
import dev.custodian.run.entity.RunState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;

import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * Bucket runs and their items in PostgreSQL; every method is one short transaction (or joins the
 * caller's, a chunk's), and the store is never called from here. A run's counts are counted from
 * its items, which are unique per key: a chunk read again after a crash is recorded once.
 */
@ApplicationScoped
@Transactional
public class BucketRuns implements RunFamily {

    private static final String COLUMNS = "id, kind, state, dry_run, key_prefix, user_id, project_id, max_objects,"
            + " actor, execution_id, deletion_id, limit_reached, report::text AS report, error, created_at,"
            + " started_at, finished_at, inventory_manifest, inventory_created_at";
    static final String ITEM_COLUMNS = "object_key, outcome, target_key, object_id, size_bytes, etag, detail";
    /** Serialises run creation, so two overlapping runs cannot both pass the check. */
    private static final long CREATE_LOCK = 0x6275636b6574L;

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    @Inject
    MaintenanceRuns maintenance;

    /**
     * Records a new run. No run may overlap an active one (whatever its kind, dry or not), and a
     * clear that deletes may not overlap an active maintenance run: both would act on the same keys.
     */
    public BucketRun create(RunRequest request, String actor) {
        sql.query("SELECT pg_advisory_xact_lock(?)", s -> s.setLong(1, CREATE_LOCK), ResultSet::next);
        String scope = request.keyPrefix() == null ? "" : request.keyPrefix();
        for (BucketRun active : active()) {
            if (active.overlaps(scope) || request.keyPrefix() == null) {
                throw BucketRunException.conflict("run-in-progress", active.kind().wireName() + " run " + active.id()
                        + (active.keyPrefix() == null ? "" : " on prefix '" + active.keyPrefix() + "'") + " is still "
                        + active.state().wireName() + "; a " + request.kind().wireName() + " run may not overlap it");
            }
        }
        if (request.kind() == RunKind.CLEAR && !request.dryRun()) {
            for (MaintenanceRun run : maintenance.active()) {
                if (run.overlaps(scope)) {
                    throw BucketRunException.conflict("run-in-progress", "maintenance run " + run.id()
                            + " on prefix '" + run.keyPrefix() + "' is still " + run.state().wireName()
                            + "; a clear may not overlap it");
                }
            }
        }
        UUID id = UUID.randomUUID();
        sql.update("INSERT INTO bucket_run (id, kind, state, dry_run, key_prefix, user_id, project_id, max_objects,"
                + " actor, inventory_manifest, inventory_created_at, created_at)"
                + " VALUES (?, ?, " + quoted(RunState.QUEUED) + ", ?, ?, ?, ?, ?, ?, ?, ?, now())", s -> {
            s.setObject(1, id);
            s.setString(2, request.kind().wireName());
            s.setBoolean(3, request.dryRun());
            s.setString(4, request.keyPrefix());
            s.setString(5, request.userId());
            s.setString(6, request.projectId());
            s.setLong(7, request.maxObjects());
            s.setString(8, actor);
            s.setString(9, request.inventory() == null ? null : request.inventory().manifestKey());
            s.setTimestamp(10, request.inventory() == null ? null : Timestamp.from(request.inventory().createdAt()));
        });
        audit.record(actor, request.kind().wireName() + "_run", null, id, null, "queued",
                (request.dryRun() ? "dry run" : "run") + " of " + describe(request) + ", max_objects "
                        + request.maxObjects() + (request.inventory() == null ? "" : ", from inventory "
                        + request.inventory().manifestKey() + " of " + request.inventory().createdAt()));
        return require(id);
    }

    private static String describe(RunRequest request) {
        if (request.keyPrefix() != null) {
            return "prefix '" + request.keyPrefix() + "'";
        }
        if (request.userId() == null && request.projectId() == null) {
            return "every record";
        }
        return (request.userId() == null ? "" : "user " + request.userId() + " ")
                + (request.projectId() == null ? "" : "project " + request.projectId());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BucketRun> find(UUID id) {
        return Optional.ofNullable(sql.query("SELECT " + COLUMNS + " FROM bucket_run WHERE id = ?",
                s -> s.setObject(1, id), rows -> rows.next() ? run(rows) : null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public BucketRun require(UUID id) {
        return find(id).orElseThrow(() -> BucketRunException.notFound("no bucket run " + id));
    }

    /** The run, which must be of this kind: another kind's id is not found under this one's path. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public BucketRun require(UUID id, RunKind kind) {
        return find(id).filter(run -> run.kind() == kind)
                .orElseThrow(() -> BucketRunException.notFound("no " + kind.wireName() + " run " + id));
    }

    /** Each kind's job is named after it. */
    @Override
    public boolean carriesOut(String job) {
        return Arrays.stream(RunKind.values()).anyMatch(kind -> kind.wireName().equals(job));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<BucketRun> active() {
        return sql.query("SELECT " + COLUMNS + " FROM bucket_run WHERE state IN ("
                + quoted(RunState.QUEUED, RunState.RUNNING) + ")", s -> { }, rows -> {
                    List<BucketRun> runs = new ArrayList<>();
                    while (rows.next()) {
                        runs.add(run(rows));
                    }
                    return runs;
                });
    }

    @Override
    public void attachExecution(UUID id, long executionId) {
        sql.update("UPDATE bucket_run SET execution_id = ? WHERE id = ?", s -> {
            s.setLong(1, executionId);
            s.setObject(2, id);
        });
    }

    /** The job (or its restart) began: running again, with the first start kept and the last end forgotten. */
    @Override
    public void begin(UUID id) {
        sql.update("UPDATE bucket_run SET state = " + quoted(RunState.RUNNING)
                + ", started_at = coalesce(started_at, now()), error = null,"
                + " finished_at = null, report = null WHERE id = ?", s -> s.setObject(1, id));
    }

    public void attachDeletion(UUID id, UUID deletionId) {
        sql.update("UPDATE bucket_run SET deletion_id = ? WHERE id = ?", s -> {
            s.setObject(1, deletionId);
            s.setObject(2, id);
        });
    }

    /** The run reached max_objects: it stops, and a restart of its job does not go on. */
    public void reachLimit(UUID id) {
        sql.update("UPDATE bucket_run SET limit_reached = true WHERE id = ?", s -> s.setObject(1, id));
    }

    /** The run is done: its counts are frozen into the report. */
    public void complete(UUID id, String summary) {
        BucketRun run = require(id);
        Map<String, Long> counts = counts(id);
        sql.update("UPDATE bucket_run SET state = " + quoted(RunState.COMPLETED) + ", finished_at = now(),"
                + " report = ?::jsonb WHERE id = ?",
                s -> {
                    s.setString(1, json(counts));
                    s.setObject(2, id);
                });
        audit.record(run.actor(), run.kind().wireName() + "_run", run.deletionId(), id, null, "completed",
                summary + (run.limitReached() ? "; stopped at max_objects " + run.maxObjects() : ""));
    }

    /** The job ended without completing the run, or the run cannot go on; a restart of the job may resume it. */
    @Override
    public void failIfRunning(UUID id, String why) {
        BucketRun run = require(id);
        int changed = sql.update("UPDATE bucket_run SET state = " + quoted(RunState.FAILED) + ", finished_at = now(),"
                + " error = ?, report = ?::jsonb WHERE id = ?"
                + " AND state IN (" + quoted(RunState.QUEUED, RunState.RUNNING) + ")", s -> {
            s.setString(1, why);
            s.setString(2, json(counts(id)));
            s.setObject(3, id);
        });
        if (changed > 0) {
            audit.record(run.actor(), run.kind().wireName() + "_run", run.deletionId(), id, null, "failed", why);
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failScan(UUID id, String why) {
        failIfRunning(id, why);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> queuedWithoutJob(Instant before) {
        return RunRows.queuedWithoutJob(sql, "bucket_run", before);
    }

    /** A run that reached max_objects before a restart scans nothing more. */
    @Override
    public Optional<RunScan> beginScan(UUID id) {
        BucketRun run = require(id);
        return run.limitReached() ? Optional.empty()
                : Optional.of(new RunScan(run.keyPrefix(), run.inventory(), scanPosition(id)));
    }

    /** Where the run's scan (a listing, an inventory, a migration's records by id) has got to; null at first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String scanPosition(UUID id) {
        return RunRows.scanPosition(sql, "bucket_run", id);
    }

    @Override
    public void advanceScan(UUID id, String position) {
        RunRows.advanceScan(sql, "bucket_run", id, position);
    }

    /** Records items; an item the run has already recorded (a chunk read again) is kept as it was. */
    public void record(UUID runId, List<RunItem> items) {
        sql.batch("INSERT INTO bucket_run_item (run_id, " + ITEM_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, object_key) DO NOTHING", items, (s, item) -> {
            s.setObject(1, runId);
            s.setString(2, item.key());
            s.setString(3, item.outcome().wireName());
            s.setString(4, item.targetKey());
            s.setObject(5, item.objectId());
            s.setObject(6, item.sizeBytes());
            s.setString(7, item.etag());
            s.setString(8, item.detail());
        });
    }

    /** Of these keys, those the run has already recorded (a chunk read again after a crash). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> recorded(UUID runId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return sql.query("SELECT object_key FROM bucket_run_item WHERE run_id = ? AND object_key = any(?)", s -> {
            s.setObject(1, runId);
            s.setArray(2, s.getConnection().createArrayOf("text", keys.toArray()));
        }, LedgerSql::stringSet);
    }

    /** How many of the run's items have each outcome, by its wire name (the report's field). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Long> counts(UUID runId) {
        return sql.query("SELECT outcome, count(*) FROM bucket_run_item WHERE run_id = ? GROUP BY outcome ORDER BY 1",
                s -> s.setObject(1, runId), rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                    return counts;
                });
    }

    /** The run's first items (by key) with one of these outcomes. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RunItem> sample(UUID runId, List<ItemOutcome> outcomes, int limit) {
        return sql.query("SELECT " + ITEM_COLUMNS + " FROM bucket_run_item WHERE run_id = ? AND outcome = any(?)"
                + " ORDER BY object_key LIMIT ?", s -> {
            s.setObject(1, runId);
            s.setArray(2, s.getConnection().createArrayOf("text", outcomes.stream().map(ItemOutcome::wireName).toArray()));
            s.setInt(3, limit);
        }, BucketRuns::items);
    }

    static List<RunItem> items(ResultSet rows) throws SQLException {
        List<RunItem> items = new ArrayList<>();
        while (rows.next()) {
            long size = rows.getLong("size_bytes");
            Long sizeBytes = rows.wasNull() ? null : size;
            items.add(new RunItem(rows.getString("object_key"), ItemOutcome.fromWireName(rows.getString("outcome")),
                    rows.getString("target_key"), rows.getObject("object_id", UUID.class), sizeBytes,
                    rows.getString("etag"), rows.getString("detail")));
        }
        return items;
    }

    private static String json(Map<String, Long> counts) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        counts.forEach(json::add);
        return json.build().toString();
    }

    private static Map<String, Long> parse(String json) {
        if (json == null) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            Map<String, Long> counts = new LinkedHashMap<>();
            reader.readObject().forEach((outcome, count) -> counts.put(outcome, ((JsonNumber) count).longValue()));
            return counts;
        }
    }

    private static BucketRun run(ResultSet r) throws SQLException {
        long execution = r.getLong("execution_id");
        Long executionId = r.wasNull() ? null : execution;
        return new BucketRun(r.getObject("id", UUID.class), RunKind.fromWireName(r.getString("kind")),
                RunState.fromWireName(r.getString("state")), r.getBoolean("dry_run"), r.getString("key_prefix"),
                r.getString("user_id"), r.getString("project_id"), r.getLong("max_objects"), r.getString("actor"), executionId,
                r.getObject("deletion_id", UUID.class), r.getBoolean("limit_reached"), parse(r.getString("report")),
                r.getString("error"), RunRows.instant(r, "created_at"), RunRows.instant(r, "started_at"),
                RunRows.instant(r, "finished_at"), RunRows.inventory(r));
    }
}
