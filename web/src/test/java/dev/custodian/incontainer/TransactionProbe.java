package dev.custodian.incontainer;

import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * One {@code @Transactional} method's statements, by the id of the transaction each ran in: the
 * same id throughout when they share one, a new id per statement when each committed on its own.
 */
@ApplicationScoped
public class TransactionProbe {

    @Inject
    LedgerSql sql;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    /** A JPA statement, two of {@link LedgerSql}, a JPA statement again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Long> transactionIds() {
        return List.of(throughJpa(), throughLedgerSql(), throughLedgerSql(), throughJpa());
    }

    private long throughLedgerSql() {
        return sql.query("select txid_current()", statement -> { }, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    private long throughJpa() {
        return ((Number) em.createNativeQuery("select txid_current()").getSingleResult()).longValue();
    }
}
