package dev.custodian.audit.control;

import dev.custodian.audit.entity.AuditEvent;
import dev.custodian.audit.entity.AuditEntry;
import dev.custodian.audit.entity.AuditFilter;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail. Writes join the transaction of the change they describe ({@code MANDATORY}),
 * so an action and its entry are committed together or not at all.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuditLog {

    /** The actor of work the service does on its own (drain, sweeps, timers). */
    public static final String SYSTEM = "custodian";

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    LedgerSql sql;

    public void record(String actor, String action, UUID deletionId, UUID runId, String key, String outcome,
                       String detail) {
        em.persist(new AuditEvent(Instant.now().truncatedTo(ChronoUnit.MICROS), actor, action, deletionId, runId,
                key, outcome, detail));
    }

    /**
     * One event for a batch of keys with the same actor, action, deletion or run, outcome and
     * detail: a drain round or a batch job's chunk records a thousand keys in one row. Nothing is
     * written for no keys.
     */
    public void recordKeys(String actor, String action, UUID deletionId, UUID runId, List<String> keys, String outcome,
                           String detail) {
        recordVersions(actor, action, deletionId, runId, keys, null, outcome, detail);
    }

    /**
     * Like {@link #recordKeys}, each key with the version it is about ({@code versionIds} parallel
     * to {@code keys}, an element null for a key as a whole): a key may appear once per version.
     */
    public void recordVersions(String actor, String action, UUID deletionId, UUID runId, List<String> keys,
                               List<String> versionIds, String outcome, String detail) {
        if (keys.isEmpty()) {
            return;
        }
        if (versionIds != null && versionIds.size() != keys.size()) {
            throw new IllegalArgumentException(versionIds.size() + " version ids for " + keys.size() + " keys");
        }
        sql.update("INSERT INTO audit_event (at, actor, action, deletion_id, run_id, object_keys, object_versions,"
                + " outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setTimestamp(1, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS)));
            s.setString(2, actor);
            s.setString(3, action);
            s.setObject(4, deletionId);
            s.setObject(5, runId);
            s.setArray(6, s.getConnection().createArrayOf("text", keys.toArray()));
            s.setArray(7, versionIds == null ? null : s.getConnection().createArrayOf("text", versionIds.toArray()));
            s.setString(8, outcome);
            s.setString(9, detail);
        });
    }

    /**
     * Entries matching the filter, oldest first, after the given position (keyset paging on the
     * event id and the key's position in its event): a batch event reads as one entry per key.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEntry> list(AuditFilter filter, long afterId, long afterPosition, int limit) {
        StringBuilder where = new StringBuilder("e.id >= ? AND (e.id > ? OR k.position > ?)");
        List<Object> parameters = new ArrayList<>(List.of(afterId, afterId, afterPosition));
        if (filter.deletionId() != null) {
            where.append(" AND e.deletion_id = ?");
            parameters.add(filter.deletionId());
        }
        if (filter.key() != null) {
            // the first two find the events through their indexes, the last picks the key's entry
            where.append(" AND (e.object_key = ? OR e.object_keys @> ARRAY[?]::text[]) AND k.key = ?");
            parameters.addAll(List.of(filter.key(), filter.key(), filter.key()));
        }
        if (filter.since() != null) {
            where.append(" AND e.at >= ?");
            parameters.add(Timestamp.from(filter.since()));
        }
        parameters.add(limit);
        // unnest pads the versions of an event that has none with nulls
        return sql.query("SELECT e.id, k.position, e.at, e.actor, e.action, e.deletion_id, e.run_id, k.key,"
                + " e.outcome, e.detail, k.version_id FROM audit_event e CROSS JOIN LATERAL unnest(CASE WHEN"
                + " e.object_keys IS NULL THEN ARRAY[e.object_key] ELSE e.object_keys END, e.object_versions)"
                + " WITH ORDINALITY AS k(key, version_id, position)"
                + " WHERE " + where + " ORDER BY e.id, k.position LIMIT ?", s -> {
                    for (int i = 0; i < parameters.size(); i++) {
                        s.setObject(i + 1, parameters.get(i));
                    }
                }, rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(new AuditEntry(rows.getLong(1), rows.getLong(2), rows.getTimestamp(3).toInstant(),
                                rows.getString(4), rows.getString(5), rows.getObject(6, UUID.class),
                                rows.getObject(7, UUID.class), rows.getString(8), rows.getString(11),
                                rows.getString(9), rows.getString(10)));
                    }
                    return entries;
                });
    }
}
