package dev.custodian.maintenance.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.control.QuarantinedCopies;
import dev.custodian.deletion.entity.QuarantineCopy;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.maintenance.entity.QuarantineState;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/** The quarantine's side of an owner's deletion: its copies of the owner's files, found and purged. */
@ApplicationScoped
public class OwnersQuarantinedCopies implements QuarantinedCopies {

    @Inject
    LedgerSql sql;

    @Inject
    DeletionLedger deletions;

    @Inject
    AuditLog audit;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<QuarantineCopy> under(String prefix, UUID purgedBy) {
        return sql.query("select id, original_key, quarantine_key, size_bytes from quarantined_object"
                + " where original_key like ? and (case when ?::uuid is null then state = "
                + quoted(QuarantineState.QUARANTINED) + " else state = " + quoted(QuarantineState.PURGED)
                + " and deletion_id = ? end) order by original_key", statement -> {
                    statement.setString(1, StoredObjectRepository.likePrefix(prefix));
                    statement.setObject(2, purgedBy);
                    statement.setObject(3, purgedBy);
                }, rows -> {
                    List<QuarantineCopy> copies = new ArrayList<>();
                    while (rows.next()) {
                        copies.add(new QuarantineCopy(rows.getObject(1, UUID.class), rows.getString(2),
                                rows.getString(3), rows.getLong(4)));
                    }
                    return copies;
                });
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeWith(UUID deletionId, String bucket, List<QuarantineCopy> copies, Instant now) {
        if (copies.isEmpty()) {
            return 0;
        }
        deletions.queueUntracked(deletionId, bucket, copies.stream()
                .map(c -> new UntrackedKey(c.quarantineKey(), c.sizeBytes(), null)).toList(), now);
        sql.update("update quarantined_object set state = " + quoted(QuarantineState.PURGED) + ", deletion_id = ?,"
                + " ended_at = ?, detail = 'deleted with its owner' where id = any(?) and state = "
                + quoted(QuarantineState.QUARANTINED), statement -> {
                    statement.setObject(1, deletionId);
                    statement.setTimestamp(2, Timestamp.from(now));
                    statement.setArray(3, statement.getConnection().createArrayOf("uuid",
                            copies.stream().map(QuarantineCopy::id).toArray()));
                });
        audit.record(AuditLog.SYSTEM, "purge_quarantine", deletionId, null, null, "queued",
                copies.size() + " quarantined copies of the owner's files queued with it");
        return copies.size();
    }
}
