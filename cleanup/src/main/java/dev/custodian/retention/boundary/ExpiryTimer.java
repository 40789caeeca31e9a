package dev.custodian.retention.boundary;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.retention.control.ExpiredObjects;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * On {@code custodian.retention.expiry-schedule} (every quarter hour by default), queues the objects whose {@code expires_at} has passed (final clips after
 * their retention period) and pokes the deletion worker. Not persistent: what is due is in the
 * ledger, so a missed tick is only a later deletion.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExpiryTimer {

    @Inject
    ExpiredObjects expired;

    @Inject
    DeletionWorker worker;

    /** Returns the deletion it opened, if anything was due. */
    public Optional<DeletionRequest> sweep() {
        Optional<DeletionRequest> deletion = expired.sweep(AuditLog.SYSTEM);
        deletion.ifPresent(opened -> worker.poke());
        return deletion;
    }
}
