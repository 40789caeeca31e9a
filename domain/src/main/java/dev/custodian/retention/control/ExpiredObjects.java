package dev.custodian.retention.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.control.DeletionRequests;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Optional;

import static dev.custodian.persistence.TextEnums.quoted;

/** Queues every active object whose retention period is over into one deletion; none when there is nothing. */
@ApplicationScoped
@Transactional
public class ExpiredObjects {

    @Inject
    LedgerSql sql;

    @Inject
    DeletionRequests requests;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    public Optional<DeletionRequest> sweep(String actor) {
        boolean due = sql.query("select exists (select 1 from stored_object where bucket = ? and state = " + quoted(ObjectState.ACTIVE)
                + " and expires_at <= now())", statement -> statement.setString(1, store.bucket()), rows -> {
            rows.next();
            return rows.getBoolean(1);
        });
        if (!due) {
            return Optional.empty();
        }
        var opened = requests.open(DeletionScope.expired(), "retention period over", actor);
        audit.record(actor, "expire_objects", opened.request().id(), null, null, "queued",
                opened.queued() + " expired objects queued");
        return Optional.of(opened.request());
    }
}
