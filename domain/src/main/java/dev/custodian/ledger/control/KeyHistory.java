package dev.custodian.ledger.control;

import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.UUID;

/**
 * The keys a record held before a migration moved it: apps that stored raw keys still reach the
 * file by its old key. A record's id never changes, so one row per move leads to wherever it is now.
 */
@ApplicationScoped
@Transactional
public class KeyHistory {

    @Inject
    LedgerSql sql;

    /** Joins the transaction that switches the record's key. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void moved(UUID objectId, String bucket, String oldKey, String newKey, UUID runId) {
        sql.update("INSERT INTO object_key_history (object_id, bucket, old_key, new_key, run_id, moved_at)"
                + " VALUES (?, ?, ?, ?, ?, now())", s -> {
            s.setObject(1, objectId);
            s.setString(2, bucket);
            s.setString(3, oldKey);
            s.setString(4, newKey);
            s.setObject(5, runId);
        });
    }

    /** The record that last held this key before moving away from it, if any did. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UUID> movedFrom(String bucket, String oldKey) {
        return sql.query("SELECT object_id FROM object_key_history WHERE bucket = ? AND old_key = ?"
                + " ORDER BY id DESC LIMIT 1", s -> {
            s.setString(1, bucket);
            s.setString(2, oldKey);
        }, rows -> rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty());
    }
}
