package dev.custodian.maintenance.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.maintenance.entity.QuarantineState;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.persistence.LedgerSql;
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
import java.util.Optional;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The quarantine's moves as the ledger keeps them: the intents ({@code quarantined_object} rows
 * {@code moving} or {@code restoring}), their leases, and the transactions that end them. Each
 * method is one short transaction (or joins a retention chunk's); {@link QuarantineMoves} calls the
 * store between them.
 */
@ApplicationScoped
@Transactional
public class QuarantineIntents {

    static final String COLUMNS = "id, run_id, policy, sweep_id, object_id, original_key, quarantine_key,"
            + " size_bytes, etag, state, quarantined_at, ended_at, detail, actor, lease_until";

    /**
     * An intent as an attempt needs it: the row, who asked, and the lease this attempt holds —
     * its fencing token: every step that changes or deletes anything first checks that the row
     * still carries it, so an attempt that stalled past its lease cannot undo a later one's work.
     */
    public record Intent(QuarantinedObject held, UUID sweepId, String actor, Timestamp lease) {

        boolean restoring() {
            return held.is(QuarantineState.RESTORING);
        }
    }

    @Inject
    LedgerSql sql;

    @Inject
    ObjectLedger objects;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    /** Longer than the store work of one move can take: a copy, and HEADs and a delete around it. */
    private Duration lease() {
        return store.copyTimeout().plus(store.requestTimeout().multipliedBy(6));
    }

    /** Whether the attempt still holds its intent's lease (see {@link Intent}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean holds(Intent intent) {
        return sql.query("SELECT 1 FROM quarantined_object WHERE id = ? AND lease_until = ?"
                + " AND state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING) + ")", s -> {
                    s.setObject(1, intent.held().id());
                    s.setTimestamp(2, intent.lease());
                }, ResultSet::next);
    }

    /** True when a live record (any state but deleted) claims the key. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isTracked(String key) {
        return sql.query("SELECT 1 FROM stored_object WHERE bucket = ? AND object_key = ? AND state <> "
                + quoted(ObjectState.DELETED), s -> {
                    s.setString(1, store.bucket());
                    s.setString(2, key);
                }, ResultSet::next);
    }

    /** The state of the record a move took along, if it is still at {@code key}; empty when it left or is gone. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ObjectState> recordAt(UUID objectId, String key) {
        return Optional.ofNullable(sql.query("SELECT state, object_key FROM stored_object WHERE id = ?"
                + " UNION ALL SELECT " + quoted(ObjectState.DELETED) + ", object_key FROM deleted_object WHERE id = ?", s -> {
                    s.setObject(1, objectId);
                    s.setObject(2, objectId);
                }, rows -> rows.next() && rows.getString(2).equals(key)
                        ? ObjectState.fromWireName(rows.getString(1)) : null));
    }

    /** The intent to move an orphaned file under {@code _quarantine/<run id>/}; a restarted run finds its earlier one. */
    public UUID intendOrphan(UUID runId, String key, long sizeBytes, String actor) {
        return sql.query("INSERT INTO quarantined_object (id, run_id, original_key, quarantine_key, size_bytes, state,"
                + " quarantined_at, actor) VALUES (?, ?, ?, ?, ?, " + quoted(QuarantineState.MOVING) + ", now(), ?)"
                + " ON CONFLICT (quarantine_key) DO UPDATE SET quarantine_key = EXCLUDED.quarantine_key RETURNING id",
                s -> {
                    s.setObject(1, UUID.randomUUID());
                    s.setObject(2, runId);
                    s.setString(3, key);
                    s.setString(4, QuarantinedObject.PREFIX + runId + "/" + key);
                    s.setLong(5, sizeBytes);
                    s.setString(6, actor);
                }, rows -> {
                    rows.next();
                    return rows.getObject(1, UUID.class);
                });
    }

    /**
     * Intents to move these tracked records under {@code _quarantine/retention/<sweep>/}, for those
     * still active, at most {@code room}; joins the caller's transaction (a retention chunk's), so
     * the plan commits with the chunk and the moves run after it ({@link QuarantineMoves#carryOutSweep}).
     */
    public int intendTracked(UUID sweepId, String policy, List<UUID> objectIds, long room, String actor) {
        if (objectIds.isEmpty() || room <= 0) {
            return 0;
        }
        return sql.update("INSERT INTO quarantined_object (id, policy, sweep_id, object_id, original_key,"
                + " quarantine_key, size_bytes, state, quarantined_at, actor)"
                + " SELECT gen_random_uuid(), ?, ?, o.id, o.object_key, ? || o.object_key, coalesce(o.size_bytes, 0),"
                + " " + quoted(QuarantineState.MOVING) + ", now(), ? FROM stored_object o WHERE o.id = any(?)"
                + " AND o.state = " + quoted(ObjectState.ACTIVE)
                + " AND NOT EXISTS (SELECT 1 FROM quarantined_object q WHERE q.object_id = o.id"
                + " AND q.state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING) + "))"
                + " ORDER BY o.id LIMIT ? ON CONFLICT (quarantine_key) DO NOTHING", s -> {
                    s.setString(1, policy);
                    s.setObject(2, sweepId);
                    s.setString(3, QuarantinedObject.PREFIX + "retention/" + sweepId + "/");
                    s.setString(4, actor);
                    s.setArray(5, s.getConnection().createArrayOf("uuid", objectIds.toArray()));
                    s.setLong(6, room);
                });
    }

    /** The intent to put a quarantined file back; false when it is not quarantined. */
    public boolean intendRestore(UUID id, String actor) {
        return sql.update("UPDATE quarantined_object SET state = " + quoted(QuarantineState.RESTORING)
                + ", actor = ?, detail = null WHERE id = ? AND state = " + quoted(QuarantineState.QUARANTINED), s -> {
                    s.setString(1, actor);
                    s.setObject(2, id);
                }) > 0;
    }

    public List<Intent> claimOne(UUID id) {
        return claimWhere("q.id = ?", s -> s.setObject(3, id), 1);
    }

    /** Leases up to {@code limit} open intents (of one sweep, or any) nobody is working on. */
    public List<Intent> claim(UUID sweepId, int limit) {
        return claimWhere("(?::uuid IS NULL OR q.sweep_id = ?)", s -> {
            s.setObject(3, sweepId);
            s.setObject(4, sweepId);
        }, limit);
    }

    private List<Intent> claimWhere(String condition, LedgerSql.Binder binder, int limit) {
        return sql.query("UPDATE quarantined_object SET lease_until = ? WHERE id IN (SELECT q.id FROM"
                + " quarantined_object q WHERE q.state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING)
                + ") AND (q.lease_until IS NULL OR q.lease_until < ?) AND " + condition
                + " ORDER BY q.quarantined_at LIMIT " + limit + " FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS, s -> {
                    Instant now = Instant.now();
                    s.setTimestamp(1, Timestamp.from(now.plus(lease())));
                    s.setTimestamp(2, Timestamp.from(now));
                    binder.bind(s);
                }, QuarantineIntents::intents);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public QuarantinedObject find(UUID id) {
        return sql.query("SELECT " + COLUMNS + " FROM quarantined_object WHERE id = ?", s -> s.setObject(1, id),
                QuarantineIntents::rows).get(0);
    }

    /** Ends a move: a tracked record switches to its quarantine key. False when the record changed. */
    public boolean finishMove(Intent intent, String etag) {
        QuarantinedObject held = intent.held();
        if (!fenced(intent)) {
            return false;
        }
        if (held.objectId() != null) {
            boolean switched = objects.quarantine(held.objectId(), held.originalKey(), held.quarantineKey());
            if (!switched) {
                return false;
            }
        }
        sql.update("UPDATE quarantined_object SET state = " + quoted(QuarantineState.QUARANTINED)
                + ", etag = ?, lease_until = null, quarantined_at = now(), detail = null WHERE id = ?", s -> {
                    s.setString(1, etag);
                    s.setObject(2, held.id());
                });
        audit.record(intent.actor(), "quarantine_object", intent.sweepId(), held.runId(), held.originalKey(),
                QuarantineState.QUARANTINED.wireName(), (held.policy() == null ? ""
                        : "retention policy " + held.policy() + ": ") + "moved to " + held.quarantineKey());
        return true;
    }

    /** Ends a restore: a tracked record is active at its original key again. False when it changed. */
    public boolean finishRestore(Intent intent) {
        QuarantinedObject held = intent.held();
        if (!fenced(intent)) {
            return false;
        }
        if (held.objectId() != null) {
            boolean switched = objects.restore(held.objectId(), held.quarantineKey(), held.originalKey());
            if (!switched) {
                return false;
            }
        }
        return end(intent, QuarantineState.RESTORED, "restore_object", "back at " + held.originalKey());
    }

    /** Ends an intent in {@code state}, with its reason and an audit event; false when another attempt took it over. */
    public boolean end(Intent intent, QuarantineState state, String action, String detail) {
        QuarantinedObject held = intent.held();
        int ended = sql.update("UPDATE quarantined_object SET state = ?, detail = ?, lease_until = null,"
                + " ended_at = CASE WHEN ? THEN now() END WHERE id = ? AND lease_until = ?", s -> {
                    s.setString(1, state.wireName());
                    s.setString(2, detail);
                    s.setBoolean(3, state.isEnded());
                    s.setObject(4, held.id());
                    s.setTimestamp(5, intent.lease());
                });
        if (ended == 0) {
            return false;
        }
        audit.record(intent.actor(), action, intent.sweepId(), held.runId(), held.originalKey(), state.wireName(),
                detail);
        return true;
    }

    /** Locks the intent's row if this attempt still holds its lease, for the ending transaction. */
    private boolean fenced(Intent intent) {
        return sql.query("SELECT 1 FROM quarantined_object WHERE id = ? AND lease_until = ?"
                + " AND state IN (" + quoted(QuarantineState.MOVING, QuarantineState.RESTORING) + ") FOR UPDATE", s -> {
                    s.setObject(1, intent.held().id());
                    s.setTimestamp(2, intent.lease());
                }, ResultSet::next);
    }

    static List<QuarantinedObject> rows(ResultSet rows) throws SQLException {
        List<QuarantinedObject> found = new ArrayList<>();
        for (Intent intent : intents(rows)) {
            found.add(intent.held());
        }
        return found;
    }

    private static List<Intent> intents(ResultSet rows) throws SQLException {
        List<Intent> found = new ArrayList<>();
        while (rows.next()) {
            Timestamp ended = rows.getTimestamp("ended_at");
            QuarantinedObject held = new QuarantinedObject(rows.getObject("id", UUID.class),
                    rows.getObject("run_id", UUID.class), rows.getString("policy"),
                    rows.getObject("object_id", UUID.class), rows.getString("original_key"),
                    rows.getString("quarantine_key"), rows.getLong("size_bytes"), rows.getString("etag"),
                    rows.getString("state"), rows.getTimestamp("quarantined_at").toInstant(),
                    ended == null ? null : ended.toInstant(), rows.getString("detail"));
            found.add(new Intent(held, rows.getObject("sweep_id", UUID.class), rows.getString("actor"),
                    rows.getTimestamp("lease_until")));
        }
        return found;
    }
}
