package dev.custodian.receipt.control;

import dev.custodian.deletion.control.DeletionReads;
import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DeletionNotFoundException;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.receipt.entity.DeletionReceipt;
import dev.custodian.receipt.entity.InclusionProof;
import dev.custodian.receipt.entity.MerkleTree;
import dev.custodian.receipt.entity.ReceiptClaims;
import dev.custodian.receipt.entity.ReceiptException;
import dev.custodian.receipt.entity.ReceiptLeaf;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Signed erasure receipts. A finished deletion's claims and Merkle root are worked out once (when
 * it finishes, or at the first request for a deletion that finished before receipts existed),
 * signed once a key is configured, and kept: every later request gets the same bytes, whatever
 * happens to the ledger rows afterwards. The leaves are the deletion's proof rows ({@code deleted_object}) in the
 * byte order of their keys ({@code COLLATE "C"}, whatever the database's collation): one leaf per
 * version erased, in the byte order of the version ids, or one with no version id for a key of a
 * bucket that keeps none. They are read a page of keys at a time, so a million keys never sit in
 * memory.
 */
@ApplicationScoped
@Transactional
public class DeletionReceipts {

    static final int PAGE = 10_000;
    /** The deleted keys in tree order with their erased versions in tree order, a page after a key. */
    private static final String KEYS = "select object_key, array(select version_id from erased_version v"
            + " where v.object_id = o.id order by version_id collate \"C\") from deleted_object o"
            + " where deletion_id = ? and object_key collate \"C\" > ?"
            + " order by object_key collate \"C\" limit ?";

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    LedgerSql sql;

    @Inject
    DeletionReads reads;

    @Inject
    ReceiptSettings settings;

    /**
     * The deletion's signed receipt.
     *
     * @throws DeletionNotFoundException when there is no such deletion
     * @throws ReceiptException when it has not finished, erased nothing, has no key to be signed
     *         with, or lost the rows it would be made from
     */
    public DeletionReceipt receipt(UUID deletionId) {
        DeletionRequest request = em.find(DeletionRequest.class, deletionId, LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            throw new DeletionNotFoundException(deletionId);
        }
        Optional<String> unavailable = settings.unavailable();
        if (unavailable.isPresent()) {
            throw ReceiptException.notConfigured(deletionId, unavailable.get());
        }
        return made(request);
    }

    /**
     * Makes the receipt of a deletion that just finished, while its rows are surely all there: a
     * request months later might find them purged. Signed now if a key is configured, else at the
     * first request after one is.
     */
    public void madeAtFinish(UUID deletionId) {
        DeletionRequest request = em.find(DeletionRequest.class, deletionId, LockModeType.PESSIMISTIC_WRITE);
        if (request != null && request.state().isFinished() && !request.recordsOnly()) {
            made(request);
        }
    }

    /** The stored receipt of the request's current finish, made and signed if it is not yet; the request is locked. */
    private DeletionReceipt made(DeletionRequest request) {
        if (!request.state().isFinished()) {
            throw ReceiptException.notFinished(request.id(), request.state().wireName());
        }
        if (request.recordsOnly()) {
            throw ReceiptException.recordsOnly(request.id());
        }
        DeletionReceipt receipt = stored(request.id())
                .filter(r -> r.finishedAt().equals(request.finishedAt()))
                .orElseGet(() -> make(request));
        Optional<SigningKey> key = settings.key();
        if (receipt.jws() == null && key.isPresent()) {
            String jws = key.get().jws(receipt.payload());
            sql.update("update deletion_receipt set jws = ? where deletion_id = ?", statement -> {
                statement.setString(1, jws);
                statement.setObject(2, request.id());
            });
            receipt = new DeletionReceipt(receipt.deletionId(), receipt.finishedAt(), receipt.merkleRoot(),
                    receipt.leafCount(), receipt.payload(), jws);
        }
        return receipt;
    }

    private DeletionReceipt make(DeletionRequest request) {
        DeletionCounts counts = reads.counts(request.id());
        MerkleTree.Root root = new MerkleTree.Root();
        long keys = forEachLeaf(request.id(), leaf -> root.add(leaf.leafHash()));
        // deleted counts purged rows too: fewer keys than that means some are gone for good
        if (keys != counts.deleted()) {
            throw ReceiptException.leavesPurged(request.id());
        }
        ReceiptClaims.Verification verification = request.verifiedAt() == null ? null
                : new ReceiptClaims.Verification(request.verifiedAt(), request.remainingKeys().isEmpty(),
                        request.remainingKeys().size());
        ReceiptClaims claims = new ReceiptClaims(settings.issuer(), request.finishedAt().getEpochSecond(),
                request.id(), request.scope().fields(), request.requestedBy(), request.state().wireName(),
                request.createdAt(), request.finishedAt(), counts.deleted(), counts.held(), counts.failed(),
                counts.bytesReclaimed(), verification, root.root(), root.count());
        DeletionReceipt receipt = new DeletionReceipt(request.id(), request.finishedAt(), root.root(), root.count(),
                claims.toJson(), null);
        // a receipt of an earlier finish (the deletion was retried since) gives way to this one
        sql.update("insert into deletion_receipt (deletion_id, finished_at, merkle_root, leaf_count, payload, jws,"
                + " created_at) values (?, ?, ?, ?, ?, null, ?) on conflict (deletion_id) do update set"
                + " finished_at = excluded.finished_at, merkle_root = excluded.merkle_root,"
                + " leaf_count = excluded.leaf_count, payload = excluded.payload, jws = null,"
                + " created_at = excluded.created_at", statement -> {
                    statement.setObject(1, receipt.deletionId());
                    statement.setTimestamp(2, Timestamp.from(receipt.finishedAt()));
                    statement.setBytes(3, receipt.merkleRoot());
                    statement.setLong(4, receipt.leafCount());
                    statement.setString(5, receipt.payload());
                    statement.setTimestamp(6, Timestamp.from(Instant.now()));
                });
        return receipt;
    }

    private Optional<DeletionReceipt> stored(UUID deletionId) {
        return sql.query("select finished_at, merkle_root, leaf_count, payload, jws from deletion_receipt"
                + " where deletion_id = ?", statement -> statement.setObject(1, deletionId), rows -> rows.next()
                ? Optional.of(new DeletionReceipt(deletionId, rows.getTimestamp(1).toInstant(), rows.getBytes(2),
                        rows.getLong(3), rows.getString(4), rows.getString(5)))
                : Optional.empty());
    }

    /**
     * At least {@code limit} leaves after the key {@code afterKey} (null: from the first), the first
     * of them at {@code firstIndex}, or all that are left; a page ends with a key's last version, so
     * it may hold more.
     *
     * @throws ReceiptException when the rows were purged since the receipt was made
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LeafPage leaves(UUID deletionId, String afterKey, long firstIndex, int limit) {
        requireRows(deletionId);
        List<ReceiptLeaf> leaves = new ArrayList<>();
        for (DeletedKey key : keysAfter(deletionId, afterKey == null ? "" : afterKey, limit + 1)) {
            if (leaves.size() >= limit) {
                return new LeafPage(leaves, true);
            }
            leaves.addAll(key.leaves(firstIndex + leaves.size()));
        }
        return new LeafPage(leaves, false);
    }

    /** A page of leaves, and whether more follow. */
    public record LeafPage(List<ReceiptLeaf> leaves, boolean more) {
    }

    /**
     * The leaf of this key and version id (null for a key of a bucket that keeps no versions) with
     * its audit path in the tree of {@code receipt}, worked out over every leaf as they stream by.
     *
     * @throws ReceiptException when the key and version are not a leaf, or the rows were purged since
     */
    public InclusionProof proof(DeletionReceipt receipt, String key, String versionId) {
        UUID deletionId = receipt.deletionId();
        requireRows(deletionId);
        ReceiptLeaf leaf = sql.query("select (select coalesce(sum(greatest(1, (select count(*) from erased_version v"
                + " where v.object_id = o.id))), 0) from deleted_object o where deletion_id = ?"
                + " and object_key collate \"C\" < ?), array(select version_id from erased_version v where"
                + " v.object_id = o.id order by version_id collate \"C\") from deleted_object o where deletion_id = ?"
                + " and object_key collate \"C\" = ?", statement -> {
                    statement.setObject(1, deletionId);
                    statement.setString(2, key);
                    statement.setObject(3, deletionId);
                    statement.setString(4, key);
                }, rows -> rows.next() ? new DeletedKey(key, versions(rows.getArray(2))).leaves(rows.getLong(1))
                        .stream().filter(l -> Objects.equals(l.versionId(), versionId)).findFirst().orElse(null)
                        : null);
        if (leaf == null) {
            throw ReceiptException.notALeaf(deletionId, versionId == null ? key : key + " version " + versionId);
        }
        MerkleTree.AuditPath path = new MerkleTree.AuditPath(leaf.index(), receipt.leafCount());
        MerkleTree.Root root = new MerkleTree.Root();
        forEachLeaf(deletionId, each -> {
            path.add(each.leafHash());
            root.add(each.leafHash());
        });
        if (!Arrays.equals(root.root(), receipt.merkleRoot())) {
            throw new IllegalStateException("the leaves of deletion " + deletionId + " no longer give its receipt's root");
        }
        return new InclusionProof(leaf, path.path());
    }

    /** Every leaf in tree order, a page of keys at a time; returns how many keys they came from. */
    private long forEachLeaf(UUID deletionId, Consumer<ReceiptLeaf> consumer) {
        String after = "";
        long index = 0;
        long keys = 0;
        List<DeletedKey> page;
        do {
            page = keysAfter(deletionId, after, PAGE);
            for (DeletedKey key : page) {
                List<ReceiptLeaf> leaves = key.leaves(index);
                leaves.forEach(consumer);
                index += leaves.size();
            }
            keys += page.size();
            after = page.isEmpty() ? after : page.get(page.size() - 1).key();
        } while (page.size() == PAGE);
        return keys;
    }

    private List<DeletedKey> keysAfter(UUID deletionId, String afterKey, int limit) {
        return sql.query(KEYS, statement -> {
            statement.setObject(1, deletionId);
            statement.setString(2, afterKey);
            statement.setInt(3, limit);
        }, rows -> {
            List<DeletedKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new DeletedKey(rows.getString(1), versions(rows.getArray(2))));
            }
            return keys;
        });
    }

    private static List<String> versions(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    /** A deleted key and the versions of it erased, in tree order. */
    private record DeletedKey(String key, List<String> versions) {

        /** Its leaves, the first at {@code firstIndex}: one a version, or one with none. */
        List<ReceiptLeaf> leaves(long firstIndex) {
            if (versions.isEmpty()) {
                return List.of(new ReceiptLeaf(firstIndex, key, null, MerkleTree.leafHash(key, null)));
            }
            List<ReceiptLeaf> leaves = new ArrayList<>(versions.size());
            for (String version : versions) {
                leaves.add(new ReceiptLeaf(firstIndex + leaves.size(), key, version, MerkleTree.leafHash(key, version)));
            }
            return leaves;
        }
    }

    /** Leaves are read from the ledger rows: once any was purged, the rest no longer make the tree. */
    private void requireRows(UUID deletionId) {
        boolean purged = sql.query("select purged_keys > 0 from deletion_request where id = ?",
                statement -> statement.setObject(1, deletionId), rows -> rows.next() && rows.getBoolean(1));
        if (purged) {
            throw ReceiptException.keysPurged(deletionId);
        }
    }
}
