package dev.custodian.migration.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunItem;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.control.ProjectOwners;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.migration.entity.MigrationCandidate;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The plan of a migration: its scope's active records by keyset, each either left alone (already
 * canonical), skipped with the reason, or recorded as a {@code planned} item with its target key —
 * in the caller's transaction (the chunk's), so a page's plan commits with its checkpoint. The store
 * is never called here: whether a target already holds other bytes is judged by {@link MigrationMoves}.
 */
@ApplicationScoped
@Transactional
public class Migrations {

    @Inject
    LedgerSql sql;

    @Inject
    BucketRuns runs;

    @Inject
    ProjectOwners owners;

    @Inject
    KeyLayout layout;

    @Inject
    AuditLog audit;

    /** How many records the run has planned to move so far; where a restarted writer starts counting. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long plannedSoFar(UUID runId) {
        Map<String, Long> counts = runs.counts(runId);
        return counts.values().stream().mapToLong(Long::longValue).sum() - counts.getOrDefault(ItemOutcome.SKIPPED.wireName(), 0L);
    }

    /** The next page of the run's scope: active records after {@code afterId}, by id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<MigrationCandidate> page(BucketRun run, String bucket, UUID afterId, int limit) {
        return sql.query("SELECT id, object_key, user_id, project_id, scene_id, file_type, filename, size_bytes, etag"
                + " FROM stored_object WHERE bucket = ? AND state = " + quoted(ObjectState.ACTIVE) + " AND id > ?"
                + " AND (?::text IS NULL OR user_id = ?) AND (?::text IS NULL OR project_id = ?) ORDER BY id LIMIT ?",
                s -> {
                    s.setString(1, bucket);
                    s.setObject(2, afterId == null ? new UUID(0, 0) : afterId);
                    s.setString(3, run.userId());
                    s.setString(4, run.userId());
                    s.setString(5, run.projectId());
                    s.setString(6, run.projectId());
                    s.setInt(7, limit);
                }, rows -> {
                    List<MigrationCandidate> page = new ArrayList<>();
                    while (rows.next()) {
                        long size = rows.getLong("size_bytes");
                        Long sizeBytes = rows.wasNull() ? null : size;
                        page.add(new MigrationCandidate(rows.getObject("id", UUID.class), rows.getString("object_key"),
                                new KeyParts(rows.getString("user_id"), rows.getString("project_id"),
                                        rows.getString("scene_id"), rows.getString("file_type"),
                                        rows.getString("filename")), sizeBytes, rows.getString("etag")));
                    }
                    return page;
                });
    }

    /** Plans one page, at most {@code room} moves; true when {@code max_objects} stopped it. */
    public boolean plan(BucketRun run, String bucket, List<MigrationCandidate> records, long room) {
        // a page read again after a crash: what the run recorded of it is passed over
        Set<String> seen = runs.recorded(run.id(), records.stream().map(MigrationCandidate::key).toList());
        List<MigrationCandidate> page = records.stream().filter(record -> !seen.contains(record.key())).toList();
        Map<String, Set<String>> users = owners.usersOf(bucket, page.stream()
                .filter(MigrationPlanning::needsUserLookup).map(record -> record.parts().projectId()).distinct()
                .toList());
        List<RunItem> items = new ArrayList<>();
        boolean full = false;
        int planned = 0;
        for (MigrationCandidate record : page) {
            MigrationPlanning.Decision decision = MigrationPlanning.decide(layout, record, users);
            switch (decision.verdict()) {
                case CANONICAL -> { }
                case SKIP -> items.add(new RunItem(record.key(), ItemOutcome.SKIPPED, null, record.id(), record.sizeBytes(),
                        record.etag(), decision.reason()));
                case MOVE -> {
                    if (planned >= room) {
                        full = true;
                        continue;
                    }
                    planned++;
                    items.add(new RunItem(record.key(), ItemOutcome.PLANNED, decision.targetKey(), record.id(), record.sizeBytes(),
                            record.etag(), null));
                }
            }
        }
        runs.record(run.id(), items);
        if (!run.dryRun()) {
            items.stream().filter(item -> item.outcome() == ItemOutcome.SKIPPED)
                    .collect(Collectors.groupingBy(RunItem::detail, LinkedHashMap::new,
                            Collectors.mapping(RunItem::key, Collectors.toList())))
                    .forEach((reason, keys) -> audit.recordKeys(run.actor(), "migrate_object", null, run.id(), keys,
                            ItemOutcome.SKIPPED.wireName(),
                            reason));
        }
        if (full) {
            runs.reachLimit(run.id());
        }
        return full;
    }

    /**
     * The run's counts in the report's terms, every field present. A dry run moved nothing: what it
     * would migrate are its planned items.
     */
    public static Map<String, Long> report(boolean dryRun, Map<String, Long> counts) {
        Map<String, Long> report = new LinkedHashMap<>();
        report.put(ItemOutcome.MIGRATED.wireName(),
                counts.getOrDefault((dryRun ? ItemOutcome.PLANNED : ItemOutcome.MIGRATED).wireName(), 0L));
        report.put(ItemOutcome.SKIPPED.wireName(), counts.getOrDefault(ItemOutcome.SKIPPED.wireName(), 0L));
        report.put(ItemOutcome.FAILED.wireName(), counts.getOrDefault(ItemOutcome.FAILED.wireName(), 0L));
        report.put("conflicts", counts.getOrDefault(ItemOutcome.CONFLICT.wireName(), 0L));
        return report;
    }

    /** How many of the run's items are not finished; a dry run finishes nothing past its plan. */
    public static long open(boolean dryRun, Map<String, Long> counts) {
        return dryRun ? 0 : ItemOutcome.OPEN_MOVES.stream()
                .mapToLong(outcome -> counts.getOrDefault(outcome.wireName(), 0L)).sum();
    }
}
