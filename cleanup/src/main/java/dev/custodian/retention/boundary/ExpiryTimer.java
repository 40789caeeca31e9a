package dev.custodian.retention.boundary;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.retention.control.ExpiredObjects;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

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

    public void sweep() {
        expired.sweep(AuditLog.SYSTEM).ifPresent(deletion -> worker.poke());
    }
}
