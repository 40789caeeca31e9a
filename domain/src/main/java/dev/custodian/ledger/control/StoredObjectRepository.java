package dev.custodian.ledger.control;

import dev.custodian.ledger.entity.KeyConflictException;
import dev.custodian.ledger.entity.ObjectFilter;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** The ledger's records. Every write is its own short transaction unless the caller has one. */
@ApplicationScoped
@Transactional
public class StoredObjectRepository {

    private static final String LIVE_KEY_INDEX = "stored_object_live_key";

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    LedgerSql sql;

    /**
     * Inserts a new record; a live record already holding the key is reported as a
     * {@link KeyConflictException}, whoever won the race.
     */
    public StoredObject insert(StoredObject object) {
        try {
            em.persist(object);
            em.flush();
            return object;
        } catch (PersistenceException e) {
            // Hibernate throws the violation itself from a flush, wrapped from a commit
            var violation = e instanceof ConstraintViolationException direct ? direct
                    : e.getCause() instanceof ConstraintViolationException wrapped ? wrapped : null;
            if (violation != null && LIVE_KEY_INDEX.equals(violation.getConstraintName())) {
                throw new KeyConflictException(null, object.key(), "key " + object.key() + " is already in use");
            }
            throw e;
        }
    }

    /** The record, read in plain SQL (see {@link StoredObject#read}): detached even inside a transaction. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredObject> findById(UUID id) {
        return sql.query("SELECT " + StoredObject.COLUMNS + " FROM stored_object WHERE id = ?", s -> s.setObject(1, id),
                rows -> rows.next() ? Optional.of(StoredObject.read(rows)) : Optional.empty());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredObject> findLiveByKey(String bucket, String key) {
        return em.createNamedQuery("StoredObject.liveByKey", StoredObject.class)
                .setParameter("bucket", bucket)
                .setParameter("key", key)
                .getResultStream()
                .findFirst();
    }

    /** The live record holding the key, locked for the caller's transaction. */
    public Optional<StoredObject> lockLiveByKey(String bucket, String key) {
        return em.createNamedQuery("StoredObject.liveByKey", StoredObject.class)
                .setParameter("bucket", bucket)
                .setParameter("key", key)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
    }

    /** Applies an event to the record under a row lock and returns it, or empty if it is gone. */
    public Optional<StoredObject> update(UUID id, Consumer<StoredObject> event) {
        Optional<StoredObject> object = lock(id);
        object.ifPresent(event);
        return object;
    }

    /** The record, locked until the caller's transaction ends; empty if it is gone. */
    public Optional<StoredObject> lock(UUID id) {
        return Optional.ofNullable(em.find(StoredObject.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
    }

    /** Forgets a pending record whose bytes never reached the store. */
    public void removePending(UUID id) {
        em.createQuery("delete from StoredObject o where o.id = :id"
                        + " and o.state = dev.custodian.ledger.entity.ObjectState.PENDING")
                .setParameter("id", id)
                .executeUpdate();
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

    /** One page of records matching the filter, ordered by id, after the given id (keyset paging). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredObject> list(ObjectFilter filter, UUID after, int limit) {
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
