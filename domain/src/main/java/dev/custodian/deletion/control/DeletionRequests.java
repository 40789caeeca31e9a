package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.AmbiguousOwnerException;
import dev.custodian.deletion.entity.DeletionInProgressException;
import dev.custodian.deletion.entity.DeletionNotFoundException;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.deletion.entity.NothingToRetryException;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.ledger.control.DeletionRows;
import dev.custodian.ledger.control.ProjectOwners;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.ObjectNotFoundException;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/**
 * Step 1 of the pipeline: one short transaction records the request, tombstones the owner and
 * flips the matching rows to {@code deleting}; an owner's rows, however many, are only counted
 * here and taken by the worker's expansion, a chunk at a time. No store call happens here; the
 * drain does the rest.
 */
@ApplicationScoped
@Transactional
public class DeletionRequests {

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    DeletionLedger ledger;

    @Inject
    DeletionRows deletionRows;

    @Inject
    DeletionReads reads;

    @Inject
    StoredObjectRepository objects;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    @Inject
    DeletionAnnouncements announcements;

    @Inject
    Tombstones tombstones;

    @Inject
    ProjectOwners projectOwners;

    /**
     * Settles whose project (or scene) the caller means, before anything is planned or deleted,
     * by {@link DeletionScope#ownedAmong} over the users the ledger knows the project under.
     *
     * @throws AmbiguousOwnerException when no user is named and the ledger knows several
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DeletionScope resolveOwner(DeletionScope scope) {
        if (scope.type() != ScopeType.PROJECT && scope.type() != ScopeType.SCENE) {
            return scope;
        }
        return scope.ownedAmong(projectOwners.usersOf(store.bucket(), List.of(scope.projectId()))
                .getOrDefault(scope.projectId(), Set.of()));
    }

    /**
     * Deletes an owner: everything tracked now, and (after the drain) whatever the sweep finds
     * under its prefixes. An owner the ledger never heard of still gets a deletion (of zero
     * tracked objects, but swept): callers may retry safely.
     */
    public DeletionRequest requestOwner(DeletionScope named, String reason, String actor) {
        DeletionScope scope = resolveOwner(named);
        Opened opened = open(scope, reason, actor);
        audit.record(actor, "request_deletion", opened.request().id(), null, null, "queued",
                describe(scope) + ": " + opened.queued() + " tracked objects; reason: " + reason);
        return opened.request();
    }

    /** A new deletion and how many ledger rows it took over. */
    public record Opened(DeletionRequest request, int queued) {
    }

    /**
     * Records a deletion of every live row the scope selects, in the caller's transaction. An owner
     * is tombstoned, and its rows are counted (one read, no write per row) and left to the
     * expansion, so no request holds a million row locks. The caller writes the audit entry that
     * says why.
     */
    public Opened open(DeletionScope scope, String reason, String actor) {
        Instant now = now();
        DeletionRequest request = DeletionRequest.queued(scope, reason, actor, false, now);
        if (!scope.type().isOwner()) {
            persist(request);
            return new Opened(request, ledger.markDeleting(request.id(), scope, store.bucket(), now));
        }
        long expected = ledger.countLive(scope, store.bucket());
        request.expandLater(expected);
        persist(request);
        tombstones.bury(scope, request.id(), now);
        return new Opened(request, Math.toIntExact(expected));
    }

    /** Forgets an owner's records and touches nothing in the bucket (admin only). */
    public DeletionRequest forgetOwnerRecords(DeletionScope named, String reason, String actor) {
        DeletionScope scope = resolveOwner(named);
        Instant now = now();
        DeletionRequest request = DeletionRequest.queued(scope, reason, actor, true, now);
        request.completeWithoutStore(now);
        persist(request);
        tombstones.bury(scope, request.id(), now);
        int forgotten = ledger.forgetRecords(request.id(), scope, store.bucket(), now);
        audit.record(actor, "forget_records", request.id(), null, null, "forgotten",
                describe(scope) + ": " + forgotten + " records forgotten, bucket untouched; reason: " + reason);
        announcements.finished(request, reads.counts(request.id()));
        return request;
    }

    /**
     * Deletes one object. Asking again while it is being deleted (or after) answers with the
     * deletion already in charge of it.
     */
    public DeletionRequest requestObject(UUID objectId, String reason, String actor) {
        // a deleted object's proof changes no more: it needs no lock
        StoredObject object = objects.lock(objectId).or(() -> objects.findDeleted(objectId))
                .orElseThrow(() -> new ObjectNotFoundException(objectId));
        if (object.deletionId() != null && (object.state() == ObjectState.DELETING
                || object.state() == ObjectState.DELETED)) {
            return find(object.deletionId()).orElseThrow(() -> new DeletionNotFoundException(object.deletionId()));
        }
        Instant now = now();
        DeletionScope scope = DeletionScope.object(objectId);
        DeletionRequest request = DeletionRequest.queued(scope, reason, actor, false, now);
        persist(request);
        ledger.markDeleting(request.id(), scope, object.bucket(), now);
        audit.record(actor, "request_deletion", request.id(), null, object.key(), "queued", "reason: " + reason);
        return request;
    }

    /**
     * Queues a finished deletion's failed keys again, and its sweep for owner scopes. Only a
     * finished deletion with failed keys is retried: anything else (one still running, a bulk run's
     * deletion still being filled, one that failed nothing) is a 409 and changes nothing. With
     * {@code bypassGovernance} (an admin's, audited) its held keys go too, asking the store to
     * bypass governance-mode retention; legal holds and compliance retention hold whatever is asked.
     */
    public DeletionRequest retry(UUID deletionId, String actor, boolean bypassGovernance) {
        DeletionRequest request = em.find(DeletionRequest.class, deletionId, LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            throw new DeletionNotFoundException(deletionId);
        }
        if (!request.state().isFinished()) {
            throw new DeletionInProgressException(deletionId, "only a finished deletion is retried");
        }
        int requeued = deletionRows.requeueFailed(deletionId, now())
                + (bypassGovernance ? deletionRows.releaseHolds(deletionId, true, now()) : 0);
        if (requeued == 0) {
            throw new NothingToRetryException(deletionId);
        }
        request.reopen();
        audit.record(actor, "retry_deletion", deletionId, null, null, "queued", requeued + (bypassGovernance
                ? " failed and held keys queued again, governance retention bypassed" : " failed keys queued again"));
        return request;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeletionRequest> find(UUID id) {
        return Optional.ofNullable(em.find(DeletionRequest.class, id));
    }

    /** Deletions in the given state (all when null), by id after the given one (keyset paging). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.List<DeletionRequest> list(DeletionState state, UUID after, int limit) {
        return em.createQuery("select d from DeletionRequest d where (:state is null or d.state = :state)"
                        + " and d.id > :after order by d.id", DeletionRequest.class)
                .setParameter("state", state == null ? null : state.wireName())
                .setParameter("after", after == null ? new UUID(0, 0) : after)
                .setMaxResults(limit)
                .getResultList();
    }

    static String describe(DeletionScope scope) {
        return switch (scope.type()) {
            case USER -> "user " + scope.userId();
            case PROJECT -> "project " + scope.projectId() + ofUser(scope);
            case SCENE -> "scene " + scope.projectId() + "/" + scope.sceneId() + ofUser(scope);
            case OBJECT -> "object " + scope.objectId();
            default -> scope.type().wireName();
        };
    }

    private static String ofUser(DeletionScope scope) {
        return scope.userId() == null ? " of no known user" : " of user " + scope.userId();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Inserts the request at once (flushed), so the ledger's SQL that names it next meets its row.
     * Its own method: one that holds a ledger record never writes through JPA ({@code StoredObjectWritersTest}).
     */
    private void persist(DeletionRequest request) {
        em.persist(request);
        em.flush();
    }
}
