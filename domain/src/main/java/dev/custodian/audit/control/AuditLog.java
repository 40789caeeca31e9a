package dev.custodian.audit.control;

import dev.custodian.audit.entity.AuditEvent;
import dev.custodian.audit.entity.AuditFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.Predicate;
import jakarta.transaction.Transactional;

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

    public void record(String actor, String action, UUID deletionId, UUID runId, String key, String outcome,
                       String detail) {
        em.persist(new AuditEvent(Instant.now().truncatedTo(ChronoUnit.MICROS), actor, action, deletionId, runId,
                key, outcome, detail));
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
