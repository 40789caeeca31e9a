package dev.custodian.deletion.entity;

import dev.custodian.persistence.TextEnums;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One request to delete: its scope, reason and requester, and where it stands.
 *
 * <p>Lifecycle: {@link DeletionState#QUEUED} when requested; an owner deletion is then expanded
 * by the worker, a chunk of the owner's rows at a time ({@code expanded} false until a chunk
 * comes back short), and is not settled before; {@code RUNNING} once the drain first claims one
 * of its keys; for owner scopes the untracked sweep runs once the tracked keys are
 * gone ({@code sweep_state} pending → done); it finishes ({@code COMPLETED} or
 * {@code COMPLETED_WITH_ERRORS}) with a verification listing when none of its keys is due.
 * The per-key counters are derived from the ledger rows that carry this deletion's id.
 */
@Entity
@Table(name = "deletion_request")
public class DeletionRequest {

    /** Whether the untracked sweep of an owner's prefixes is still to come. */
    public enum SweepState {
        PENDING, DONE, SKIPPED,
        /** A sweep or a bulk cleanup is still queueing keys into it: not to be finished until released. */
        HELD;

        public String wireName() {
            return TextEnums.wireName(this);
        }

        public static SweepState fromWireName(String name) {
            return TextEnums.fromWireName(SweepState.class, name);
        }
    }

    @Id
    private UUID id;

    @Column(name = "scope_type", nullable = false, updatable = false)
    private String scopeType;

    @Column(name = "user_id", updatable = false)
    private String userId;

    @Column(name = "project_id", updatable = false)
    private String projectId;

    @Column(name = "scene_id", updatable = false)
    private String sceneId;

    @Column(name = "object_id", updatable = false)
    private UUID objectId;

    @Column(name = "job_id", updatable = false)
    private String jobId;

    /** Whether the project's rows and legacy keys that name no user are this owner's (see DeletionScope). */
    @Column(nullable = false, updatable = false)
    private boolean unattributed;

    @Column(nullable = false, updatable = false)
    private String reason;

    @Column(name = "requested_by", nullable = false, updatable = false)
    private String requestedBy;

    @Column(name = "records_only", nullable = false, updatable = false)
    private boolean recordsOnly;

    @Column(nullable = false)
    private String state;

    @Column(name = "sweep_state", nullable = false)
    private String sweepState;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    // set once here; the worker's expansion moves them in SQL, so a flush of this entity never writes them
    @Column(nullable = false, updatable = false)
    private boolean expanded = true;

    @Column(name = "expand_after", updatable = false)
    private UUID expandAfter;

    @Column(name = "expected_keys", updatable = false)
    private Long expectedKeys;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "verified_at")
    private Instant verifiedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "remaining_keys")
    private List<String> remainingKeys;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ambiguous_keys", nullable = false)
    private List<String> ambiguousKeys;

    protected DeletionRequest() {
        // for JPA
    }

    public static DeletionRequest queued(DeletionScope scope, String reason, String requestedBy, boolean recordsOnly,
                                         Instant now) {
        DeletionRequest request = new DeletionRequest();
        request.id = UUID.randomUUID();
        request.scopeType = scope.type().wireName();
        request.userId = scope.userId();
        request.projectId = scope.projectId();
        request.sceneId = scope.sceneId();
        request.objectId = scope.objectId();
        request.jobId = scope.jobId();
        request.unattributed = scope.unattributed();
        request.reason = reason;
        request.requestedBy = requestedBy;
        request.recordsOnly = recordsOnly;
        request.state = DeletionState.QUEUED.wireName();
        request.sweepState = (scope.type().isOwner() && !recordsOnly ? SweepState.PENDING : SweepState.SKIPPED)
                .wireName();
        request.createdAt = now;
        request.ambiguousKeys = List.of();
        return request;
    }

    /**
     * The worker takes the scope's rows later, by id from the lowest on; {@code expectedKeys} (the
     * live rows counted now) stands for the total until it has taken them all.
     */
    public void expandLater(long expectedKeys) {
        expanded = false;
        expandAfter = new UUID(0, 0);
        this.expectedKeys = expectedKeys;
    }

    /** A deletion that a batch sweep fills: the worker leaves it open until {@link #release()}. */
    public static DeletionRequest held(DeletionScope scope, String reason, String requestedBy, Instant now) {
        DeletionRequest request = queued(scope, reason, requestedBy, false, now);
        request.sweepState = SweepState.HELD.wireName();
        return request;
    }

    /** The sweep that filled it has ended: it finishes like any other once its keys are gone. */
    public void release() {
        if (isHeld()) {
            sweepState = SweepState.SKIPPED.wireName();
            // a fill's lease (see holdUntil) must not delay the worker's first claim
            leaseUntil = null;
        }
    }

    /**
     * A filler that runs outside any job (the bulk cleanup, in an HTTP request) renews this while
     * it works; a hold whose lease ran out belongs to a filler that died and may be undone.
     */
    public void holdUntil(Instant until) {
        if (isHeld()) {
            leaseUntil = until;
        }
    }

    public boolean isHeld() {
        return SweepState.HELD.wireName().equals(sweepState);
    }

    /** Forgetting records touches no store: the request is done the moment it is made. */
    public void completeWithoutStore(Instant now) {
        state = DeletionState.COMPLETED.wireName();
        startedAt = now;
        finishedAt = now;
    }

    /** The untracked sweep has listed the owner's prefixes; keys it could not attribute are kept. */
    public void sweepDone(List<String> ambiguous) {
        sweepState = SweepState.DONE.wireName();
        ambiguousKeys = List.copyOf(ambiguous);
    }

    /**
     * The last listing found these keys still there; with failed keys, the deletion has errors;
     * with held keys (and no errors), it says so: those keys still exist, by law or by policy.
     */
    public void finish(List<String> remaining, boolean anyFailed, boolean anyHeld, Instant now) {
        remainingKeys = List.copyOf(remaining);
        verifiedAt = now;
        finishedAt = now;
        if (startedAt == null) {
            startedAt = now;
        }
        DeletionState outcome = anyFailed ? DeletionState.COMPLETED_WITH_ERRORS
                : anyHeld ? DeletionState.COMPLETED_WITH_HOLDS
                : remaining.isEmpty() ? DeletionState.COMPLETED : DeletionState.COMPLETED_WITH_ERRORS;
        state = outcome.wireName();
        leaseUntil = null;
    }

    /** Failed keys were queued again: the deletion runs again, and sweeps again if it is an owner's. */
    public void reopen() {
        state = DeletionState.RUNNING.wireName();
        finishedAt = null;
        if (!SweepState.SKIPPED.wireName().equals(sweepState)) {
            sweepState = SweepState.PENDING.wireName();
        }
        leaseUntil = null;
    }

    public UUID id() {
        return id;
    }

    public DeletionScope scope() {
        return new DeletionScope(ScopeType.fromWireName(scopeType), userId, projectId, sceneId,
                objectId, jobId, unattributed);
    }

    public String reason() {
        return reason;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public boolean recordsOnly() {
        return recordsOnly;
    }

    public DeletionState state() {
        return DeletionState.fromWireName(state);
    }

    public SweepState sweepState() {
        return SweepState.fromWireName(sweepState);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    /** Null until verified. */
    public List<String> remainingKeys() {
        return remainingKeys;
    }

    public List<String> ambiguousKeys() {
        return ambiguousKeys;
    }
}
