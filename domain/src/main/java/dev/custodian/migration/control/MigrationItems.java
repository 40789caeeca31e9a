package dev.custodian.migration.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunKind;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.control.KeyHistory;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.migration.entity.MigrationItem;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.run.entity.RunState;
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
import java.util.Set;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * A migration's moves as the ledger keeps them: the intents ({@code bucket_run_item} rows of a
 * migration run), their leases and outcomes, and the switch of a record to its new key. Each
 * method is one short transaction; {@link MigrationMoves} calls the store between them.
 */
@ApplicationScoped
@Transactional
public class MigrationItems {

    private static final String ACTION = "migrate_object";
    private static final String ITEM_COLUMNS = "run_id, object_key, outcome, target_key, object_id, size_bytes, etag";
    private static final String OPEN = quoted(ItemOutcome.OPEN_MOVES.toArray(ItemOutcome[]::new));

    @Inject
    LedgerSql sql;

    @Inject
    ObjectLedger objects;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    @Inject
    KeyHistory history;

    @Inject
    KeyLayout layout;

    /** Longer than the store work of one move (two HEADs, a copy, a HEAD, a delete) can take. */
    private Duration lease() {
        return store.requestTimeout().multipliedBy(6);
    }

    /** Whether a live record other than {@code objectId} (null: any) claims the key. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean claimedByOther(String key, UUID objectId) {
        return sql.query("SELECT 1 FROM stored_object WHERE bucket = ? AND object_key = ? AND state <> "
                + quoted(ObjectState.DELETED) + " AND id IS DISTINCT FROM ?", s -> {
                    s.setString(1, store.bucket());
                    s.setString(2, key);
                    s.setObject(3, objectId);
                }, ResultSet::next);
    }

    /** Of these keys, those a live record claims. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> tracked(List<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return sql.query("SELECT object_key FROM stored_object WHERE bucket = ? AND object_key = any(?)"
                + " AND state <> " + quoted(ObjectState.DELETED), s -> {
                    s.setString(1, store.bucket());
                    s.setArray(2, s.getConnection().createArrayOf("text", keys.toArray()));
                }, LedgerSql::stringSet);
    }

    /** The record holds the target key already: an earlier attempt (or run) switched it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean recordAlreadyThere(MigrationItem item) {
        return sql.query("SELECT 1 FROM stored_object WHERE id = ? AND object_key = ?", s -> {
            s.setObject(1, item.objectId());
            s.setString(2, item.to());
        }, ResultSet::next);
    }

    /** The copy is verified: the intent says so (with the copy's etag) before the record switches. */
    public MigrationItem copied(MigrationItem item, String etag, String actor) {
        if (item.outcome() == ItemOutcome.PLANNED) {
            sql.update("UPDATE bucket_run_item SET outcome = " + quoted(ItemOutcome.COPIED) + ", etag = ?"
                    + " WHERE run_id = ? AND object_key = ?", s -> {
                        s.setString(1, etag);
                        s.setObject(2, item.runId());
                        s.setString(3, item.from());
                    });
            audit.record(actor, ACTION, null, item.runId(), item.from(), ItemOutcome.COPIED.wireName(),
                    "copied to " + item.to() + ", verified");
        }
        return new MigrationItem(item.runId(), item.from(), ItemOutcome.COPIED, item.to(), item.objectId(),
                item.sizeBytes(), etag);
    }

    /**
     * The switch, one transaction: the record takes its new key (only if it is still active at the
     * old one and nobody else claims the new one), with the key history, the audit event and the item.
     */
    public boolean switchRecord(MigrationItem item, String actor) {
        String user = layout.parse(item.to()).parts().map(KeyParts::userId).orElse(null);
        boolean switched = objects.moveKey(item.objectId(), item.from(), item.to(), user, item.etag());
        if (!switched) {
            return false;
        }
        history.moved(item.objectId(), store.bucket(), item.from(), item.to(), item.runId());
        setOutcome(item, ItemOutcome.SWITCHED, null);
        audit.record(actor, ACTION, null, item.runId(), item.from(), ItemOutcome.SWITCHED.wireName(),
                "record now at " + item.to());
        return true;
    }

    /** Ends items: switched ones as migrated (their old key gone), the rest as they say; audited per key. */
    public void end(List<MigrationMoves.Result> results, String actor) {
        for (MigrationMoves.Result result : results) {
            ItemOutcome outcome = switch (result.step()) {
                case SWITCHED -> ItemOutcome.MIGRATED;
                case CONFLICT -> ItemOutcome.CONFLICT;
                default -> ItemOutcome.FAILED;
            };
            setOutcome(result.item(), outcome, result.detail());
            audit.record(actor, ACTION, null, result.item().runId(), result.item().from(), outcome.wireName(),
                    result.detail());
        }
    }

    /** The attempt met an outage: the item is tried again shortly, from wherever it stopped. */
    public void later(MigrationItem item, String why) {
        sql.update("UPDATE bucket_run_item SET lease_until = now() + interval '1 second', detail = ?"
                + " WHERE run_id = ? AND object_key = ?", s -> {
            s.setString(1, why);
            s.setObject(2, item.runId());
            s.setString(3, item.from());
        });
    }

    private void setOutcome(MigrationItem item, ItemOutcome outcome, String detail) {
        sql.update("UPDATE bucket_run_item SET outcome = ?, detail = ?, lease_until = null"
                + " WHERE run_id = ? AND object_key = ?", s -> {
            s.setString(1, outcome.wireName());
            s.setString(2, detail);
            s.setObject(3, item.runId());
            s.setString(4, item.from());
        });
    }

    /** The dead execution of this run leased items it will never finish. */
    public void releaseLeases(UUID runId) {
        sql.update("UPDATE bucket_run_item SET lease_until = null WHERE run_id = ? AND outcome IN (" + OPEN + ")",
                s -> s.setObject(1, runId));
    }

    /**
     * Leases open items nobody works on: this run's, and those another migration left copied or
     * switched when it ended (a crashed run re-planned under a new one), so no half-done move is stranded.
     */
    public List<MigrationItem> claim(UUID runId, int limit) {
        return sql.query("UPDATE bucket_run_item SET lease_until = ? WHERE (run_id, object_key) IN (SELECT i.run_id,"
                + " i.object_key FROM bucket_run_item i JOIN bucket_run r ON r.id = i.run_id"
                + " WHERE i.outcome IN (" + OPEN + ")"
                + " AND (i.lease_until IS NULL OR i.lease_until < ?)"
                + " AND r.kind = " + quoted(RunKind.MIGRATION) + " AND NOT r.dry_run AND (i.run_id = ?"
                + " OR (r.state IN (" + quoted(RunState.COMPLETED, RunState.FAILED) + ") AND i.outcome IN ("
                + quoted(ItemOutcome.COPIED, ItemOutcome.SWITCHED) + "))) ORDER BY i.id LIMIT ?"
                + " FOR UPDATE OF i SKIP LOCKED) RETURNING " + ITEM_COLUMNS, s -> {
                    Instant now = Instant.now();
                    s.setTimestamp(1, Timestamp.from(now.plus(lease())));
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setObject(3, runId);
                    s.setInt(4, limit);
                }, rows -> {
                    List<MigrationItem> items = new ArrayList<>();
                    while (rows.next()) {
                        items.add(item(rows));
                    }
                    return items;
                });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long openItems(UUID runId) {
        return sql.query("SELECT count(*) FROM bucket_run_item WHERE run_id = ? AND outcome IN (" + OPEN + ")",
                s -> s.setObject(1, runId), rows -> {
                    rows.next();
                    return rows.getLong(1);
                });
    }

    /** A planned item with its row id, for keyset paging. */
    public record Planned(long id, MigrationItem item) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Planned> planned(UUID runId, long after, int limit) {
        return sql.query("SELECT id, " + ITEM_COLUMNS + " FROM bucket_run_item WHERE run_id = ? AND id > ?"
                + " AND outcome = " + quoted(ItemOutcome.PLANNED) + " ORDER BY id LIMIT ?", s -> {
            s.setObject(1, runId);
            s.setLong(2, after);
            s.setInt(3, limit);
        }, rows -> {
            List<Planned> page = new ArrayList<>();
            while (rows.next()) {
                page.add(new Planned(rows.getLong("id"), item(rows)));
            }
            return page;
        });
    }

    private static MigrationItem item(ResultSet rows) throws SQLException {
        long size = rows.getLong("size_bytes");
        Long sizeBytes = rows.wasNull() ? null : size;
        return new MigrationItem(rows.getObject("run_id", UUID.class), rows.getString("object_key"),
                ItemOutcome.fromWireName(rows.getString("outcome")), rows.getString("target_key"),
                rows.getObject("object_id", UUID.class), sizeBytes, rows.getString("etag"));
    }
}
