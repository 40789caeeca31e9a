package dev.custodian.ledger.control;

import dev.custodian.ledger.entity.ObjectFilter;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The ledger's records, read (JPA for the lists, plain SQL where a caller goes on to an event of
 * {@link ObjectLedger}), and locked for the checks an event waits on. It writes nothing.
 */
@ApplicationScoped
@Transactional
public class StoredObjectRepository {

    private static final String BY_ID = "SELECT " + StoredObject.COLUMNS + " FROM stored_object WHERE id = ?";
    private static final String DELETED_BY_ID = "SELECT " + StoredObject.PROOF_COLUMNS + " FROM deleted_object WHERE id = ?";

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    LedgerSql sql;

    /**
     * The record, live or deleted (its proof), read in plain SQL (see {@link StoredObject#read}):
     * detached even inside a transaction.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredObject> findById(UUID id) {
        return sql.query(BY_ID + " UNION ALL " + DELETED_BY_ID, s -> {
            s.setObject(1, id);
            s.setObject(2, id);
        }, StoredObject::readFirst);
    }

    /** The deleted record of this id, read from its proof: nothing changes it but the purge. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredObject> findDeleted(UUID id) {
        return sql.query(DELETED_BY_ID, s -> s.setObject(1, id), StoredObject::readFirst);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredObject> findLiveByKey(String bucket, String key) {
        return em.createNamedQuery("StoredObject.liveByKey", StoredObject.class)
                .setParameter("bucket", bucket)
                .setParameter("key", key)
                .getResultStream()
                .findFirst();
    }

    /** The live record holding the key, read in plain SQL and locked until the caller's transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredObject> lockLiveByKey(String bucket, String key) {
        return sql.query("SELECT " + StoredObject.COLUMNS + " FROM stored_object WHERE bucket = ? AND object_key = ?"
                + " AND state <> " + quoted(ObjectState.DELETED) + " FOR UPDATE", s -> {
                    s.setString(1, bucket);
                    s.setString(2, key);
                }, StoredObject::readFirst);
    }

    /**
     * The record, read in plain SQL and locked until the caller's transaction ends, in which an
     * event of the ledger changes it; empty if it is gone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredObject> lock(UUID id) {
        return sql.query(BY_ID + " FOR UPDATE", s -> s.setObject(1, id), StoredObject::readFirst);
    }

    /** Pending records created before the cutoff, after the given id (keyset paging). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<StoredObject> findPendingBefore(Instant cutoff, UUID after, int limit) {
        return em.createNamedQuery("StoredObject.pendingBefore", StoredObject.class)
                .setParameter("cutoff", cutoff)
                .setParameter("after", after == null ? new UUID(0, 0) : after)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * One page of records matching the filter, ordered by id, after the given id (keyset paging);
     * deleted records are read from their proof.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredObject> list(ObjectFilter filter, UUID after, int limit) {
        if (filter.state() == ObjectState.DELETED) {
            return listDeleted(filter, after, limit);
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<StoredObject> query = cb.createQuery(StoredObject.class);
        Root<StoredObject> root = query.from(StoredObject.class);
        List<Predicate> where = new ArrayList<>();
        equal(cb, root, where, "userId", filter.userId());
        equal(cb, root, where, "projectId", filter.projectId());
        equal(cb, root, where, "sceneId", filter.sceneId());
        equal(cb, root, where, "fileType", filter.fileType());
        equal(cb, root, where, "state", filter.state());
        equal(cb, root, where, "retentionClass", filter.retentionClass());
        equal(cb, root, where, "jobId", filter.jobId());
        if (filter.keyPrefix() != null && !filter.keyPrefix().isEmpty()) {
            where.add(cb.like(root.get("key"), likePrefix(filter.keyPrefix()), '\\'));
        }
        if (after != null) {
            where.add(cb.greaterThan(root.get("id"), after));
        }
        query.select(root).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(root.get("id")));
        return em.createQuery(query).setMaxResults(limit).getResultList();
    }

    private List<StoredObject> listDeleted(ObjectFilter filter, UUID after, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        BiConsumer<String, Object> equal = (column, value) -> {
            if (value != null) {
                where.add(column + " = ?");
                values.add(value);
            }
        };
        equal.accept("user_id", filter.userId());
        equal.accept("project_id", filter.projectId());
        equal.accept("scene_id", filter.sceneId());
        equal.accept("file_type", filter.fileType());
        equal.accept("retention_class", filter.retentionClass() == null ? null : filter.retentionClass().wireName());
        equal.accept("job_id", filter.jobId());
        if (filter.keyPrefix() != null && !filter.keyPrefix().isEmpty()) {
            where.add("object_key LIKE ? ESCAPE '\\'");
            values.add(likePrefix(filter.keyPrefix()));
        }
        if (after != null) {
            where.add("id > ?");
            values.add(after);
        }
        return sql.query("SELECT " + StoredObject.PROOF_COLUMNS + " FROM deleted_object"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY id LIMIT ?", s -> {
                    int i = 1;
                    for (Object value : values) {
                        s.setObject(i++, value);
                    }
                    s.setInt(i, limit);
                }, rows -> {
                    List<StoredObject> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(StoredObject.read(rows));
                    }
                    return found;
                });
    }

    private static void equal(CriteriaBuilder cb, Root<StoredObject> root, List<Predicate> where,
                              String attribute, Object value) {
        if (value != null) {
            where.add(cb.equal(root.get(attribute), value));
        }
    }

    /** A LIKE pattern (escape character '\\') matching exactly the keys that start with the literal prefix. */
    public static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
