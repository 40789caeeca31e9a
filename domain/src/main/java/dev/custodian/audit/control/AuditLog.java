package dev.custodian.audit.control;

import dev.custodian.audit.entity.AuditEvent;
import dev.custodian.audit.entity.AuditFilter;
import dev.custodian.ledger.control.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.Predicate;
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
     * One event per key with the same actor, action, run, outcome and detail, in one batched
     * statement: a batch job's chunk records a thousand keys at once.
     */
    public void recordKeys(String actor, String action, UUID runId, List<String> keys, String outcome, String detail) {
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
        sql.batch("INSERT INTO audit_event (at, actor, action, run_id, object_key, outcome, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", keys, (s, key) -> {
            s.setTimestamp(1, now);
            s.setString(2, actor);
            s.setString(3, action);
            s.setObject(4, runId);
            s.setString(5, key);
            s.setString(6, outcome);
            s.setString(7, detail);
        });
    }

    /** Events matching the filter, oldest first, after the given id (keyset paging). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> list(AuditFilter filter, long after, int limit) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(AuditEvent.class);
        var root = query.from(AuditEvent.class);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.greaterThan(root.get("id"), after));
        if (filter.deletionId() != null) {
            where.add(cb.equal(root.get("deletionId"), filter.deletionId()));
        }
        if (filter.key() != null) {
            where.add(cb.equal(root.get("key"), filter.key()));
        }
        if (filter.since() != null) {
            where.add(cb.greaterThanOrEqualTo(root.get("at"), filter.since()));
        }
        query.select(root).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(root.get("id")));
        return em.createQuery(query).setMaxResults(limit).getResultList();
    }
}
