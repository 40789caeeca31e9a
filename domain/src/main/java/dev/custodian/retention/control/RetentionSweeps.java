package dev.custodian.retention.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.control.DeletionReads;
import dev.custodian.deletion.entity.DeletionNotFoundException;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.retention.entity.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The retention-policy sweep's steps: one held deletion per run, filled chunk by chunk with the
 * objects the enabled policies match (exactly what their previews list), never beyond the run's
 * {@code max_delete}, and released when the run ends so the worker can finish it.
 */
@ApplicationScoped
@Transactional
public class RetentionSweeps {

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    RetentionPolicies policies;

    @Inject
    DeletionLedger ledger;

    @Inject
    DeletionReads reads;

    @Inject
    AuditLog audit;

    /** The deletion one sweep run fills; held until {@link #release}. */
    public DeletionRequest open(String actor, long maxDelete) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        DeletionRequest request = DeletionRequest.held(new DeletionScope(ScopeType.RETENTION, null, null, null, null,
                null), "retention policies", actor, now);
        em.persist(request);
        audit.record(actor, "sweep_retention_policies", request.id(), null, null, "started",
                "max_delete " + maxDelete);
        return request;
    }

    /** Enabled policies by name: the order the sweep visits them in. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> enabledPolicies() {
        return policies.all().stream().filter(p -> p.rules().enabled()).map(RetentionPolicy::name).toList();
    }

    /** True when the policy moves its matches to the quarantine instead of deleting them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean quarantines(String policy) {
        return policies.find(policy).map(p -> p.rules().action() == RetentionPolicy.Action.QUARANTINE).orElse(false);
    }

    /** The next page of a policy's matches after the given id; empty when the policy is gone. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> matches(String policy, UUID after, int limit) {
        return policies.find(policy)
                .map(p -> policies.preview(p, after, limit).stream().map(StoredObject::id).toList())
                .orElse(List.of());
    }

    /**
     * Queues the objects into the run's deletion, stopping at {@code maxDelete} objects in all;
     * returns how many this call queued.
     */
    public int queue(UUID deletionId, List<UUID> objects, long maxDelete) {
        long room = maxDelete - reads.counts(deletionId).total();
        int queued = ledger.markRows(deletionId, objects, (int) Math.max(0, Math.min(Integer.MAX_VALUE, room)),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        audit.record(AuditLog.SYSTEM, "sweep_retention_policies", deletionId, null, null, "queued",
                queued + " objects queued");
        return queued;
    }

    /** How many objects the run's deletion holds so far. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long queuedSoFar(UUID deletionId) {
        return reads.counts(deletionId).total();
    }

    /** The run ended (whatever its outcome): its deletion may now finish. */
    public void release(UUID deletionId) {
        DeletionRequest request = em.find(DeletionRequest.class, deletionId);
        if (request == null) {
            throw new DeletionNotFoundException(deletionId);
        }
        request.release();
    }
}
