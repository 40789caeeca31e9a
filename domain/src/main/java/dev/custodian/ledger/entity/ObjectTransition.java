package dev.custodian.ledger.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.custodian.ledger.entity.ObjectState.ACTIVE;
import static dev.custodian.ledger.entity.ObjectState.DELETED;
import static dev.custodian.ledger.entity.ObjectState.DELETE_FAILED;
import static dev.custodian.ledger.entity.ObjectState.DELETING;
import static dev.custodian.ledger.entity.ObjectState.HELD;
import static dev.custodian.ledger.entity.ObjectState.MISSING;
import static dev.custodian.ledger.entity.ObjectState.PENDING;
import static dev.custodian.ledger.entity.ObjectState.QUARANTINED;

/**
 * Every event that moves a {@code stored_object} row from one state to another: the states it may
 * leave, the state it reaches, and what else the move sets. Each statement that changes a row's
 * state is built from its event's {@link #set} and {@link #from}, so the rule for an event lives
 * here once (see {@link StoredObject} for the lifecycle). {@code deleted} is final: no event
 * leaves it. An event whose target is {@code deleted} {@linkplain #movesToProof moves the row}:
 * its statement deletes the live row (the rows {@link #from} lets) and inserts the proof into
 * {@code deleted_object} ({@link #PROOF_COLUMNS}, {@link #proofValues}); it has no SET clause.
 */
public enum ObjectTransition {

    /** The store holds a direct upload's bytes (client's complete, or the pending-upload resolver). */
    CONFIRM_UPLOAD(ACTIVE, "", PENDING),

    /**
     * A deletion takes the row over, from scratch: a row taken from a failed deletion keeps none of
     * its failures. Parameters: deletion id, next attempt (null: parked until released), now.
     */
    MARK_DELETING(DELETING, TakeOver.SET + ", lease_until = null", TakeOver.SOURCES),

    /**
     * {@link #MARK_DELETING} of rows the drain deletes at once (an owner's next chunk): leased in
     * the same write, unless a replace upload still stores the key's bytes (the key goes after
     * them, claimed once it is due). Parameters: deletion id, next attempt, now, now, lease until.
     */
    MARK_DELETING_LEASED(DELETING, TakeOver.SET + ", lease_until = case when replacing_until is null"
            + " or replacing_until <= ? then ?::timestamptz end", TakeOver.SOURCES),

    /**
     * The store confirmed the key is gone; the row moves to the proof, without the errors of its
     * attempts. Parameters: deleted at, now.
     */
    CONFIRM_DELETED(DELETED, "null, null, gone.deletion_id, ?, ?", DELETING),

    /**
     * The store confirmed the key of an active row an owner's deletion sent to it straight from
     * its chunk, unclaimed: the row, unchanged since the chunk read it, becomes the deletion's
     * proof in one write. Parameters: deletion id, deleted at, now.
     */
    CONFIRM_DELETED_UNCLAIMED(DELETED, Proof.NAMES_DELETION, ACTIVE),

    /**
     * An admin's {@code records_only} deletion forgets the records, the bucket untouched.
     * Parameters: deletion id, deleted at, now.
     */
    FORGET(DELETED, Proof.NAMES_DELETION, PENDING, ACTIVE, DELETING, DELETE_FAILED, QUARANTINED, MISSING, HELD),

    /** The retries are used up: kept with its last error, never dropped silently. */
    GIVE_UP(DELETE_FAILED, "", DELETING),

    /**
     * Object Lock keeps a version: the key waits, neither deleted nor failed, with why and until
     * when. Parameters: when to look again, the hold's reason, its description, now.
     */
    HOLD(HELD, ", next_attempt_at = ?, lease_until = null, last_error_code = ?, last_error = ?, updated_at = ?",
            DELETING),

    /**
     * The hold may have ended, or an admin asks to bypass governance retention: the key is due
     * again. Parameters: next attempt, whether to bypass governance, now.
     */
    RELEASE_HOLD(DELETING, ", next_attempt_at = ?, bypass_governance = ?, updated_at = ?", HELD),

    /**
     * A bulk cleanup that did not go ahead gives its parked rows back; a duplicate's copy whose
     * kept copy left meanwhile is kept back. Parameter: now.
     */
    RELEASE_PARKED(ACTIVE, ", deletion_id = null, updated_at = ?", DELETING),

    /** Moved under the quarantine prefix. Parameter: the quarantine key. */
    QUARANTINE(QUARANTINED, ", object_key = ?, updated_at = now()", ACTIVE),

    /** Moved back from the quarantine. Parameter: the original key. */
    RESTORE(ACTIVE, ", object_key = ?, updated_at = now()", QUARANTINED),

    /** Maintenance found no object for the record. */
    MARK_MISSING(MISSING, ", updated_at = now()", ACTIVE);

    /**
     * The columns of {@code deleted_object} a moving event fills, in the order of {@link #proofValues}:
     * the row's own columns, then the last error, the deletion, when and the time of the write.
     */
    public static final String PROOF_COLUMNS = "id, bucket, object_key, user_id, project_id, scene_id, file_type,"
            + " filename, content_type, size_bytes, etag, retention_class, job_id, metadata, created_at, expires_at,"
            + " last_error_code, last_error, deletion_id, deleted_at, updated_at";

    private static final String KEPT = "gone.id, gone.bucket, gone.object_key, gone.user_id, gone.project_id,"
            + " gone.scene_id, gone.file_type, gone.filename, gone.content_type, gone.size_bytes, gone.etag,"
            + " gone.retention_class, gone.job_id, gone.metadata, gone.created_at, gone.expires_at, ";

    /** A row that becomes {@code deleted} without having been {@code deleting} for that deletion. */
    private static final class Proof {
        static final String NAMES_DELETION = "gone.last_error_code, gone.last_error, ?, ?, ?";
    }

    /** What every take-over by a deletion sets, and the states it takes rows from. */
    private static final class TakeOver {
        static final String SET = ", deletion_id = ?, attempts = 0, next_attempt_at = ?, failing_since = null,"
                + " last_error = null, last_error_code = null, bypass_governance = false, updated_at = ?";
        static final ObjectState[] SOURCES = {ACTIVE, PENDING, MISSING, QUARANTINED, DELETE_FAILED, HELD};
    }

    private final ObjectState target;
    private final String alsoSet;
    private final Set<ObjectState> sources;

    ObjectTransition(ObjectState target, String alsoSet, ObjectState... sources) {
        this.target = target;
        this.alsoSet = alsoSet;
        this.sources = EnumSet.copyOf(Arrays.asList(sources));
    }

    public ObjectState target() {
        return target;
    }

    /** Whether the event may move a row that is in {@code state}. */
    public boolean allows(ObjectState state) {
        return sources.contains(state);
    }

    /**
     * Whether the event ends the row's life in {@code stored_object}: its statement deletes the row
     * and inserts its proof into {@code deleted_object}, rather than updating it.
     */
    public boolean movesToProof() {
        return target == DELETED;
    }

    /** The SET clause: the target state and what the event also sets (its parameters in order). */
    public String set() {
        requireUpdate();
        return "state = '" + target.wireName() + "'" + alsoSet;
    }

    /**
     * The SET clause of a statement that applies the event only to the rows {@code condition}
     * picks (a parameter, per row of a batch) and leaves the others' state as it is.
     */
    public String setIf(String condition) {
        requireUpdate();
        return "state = case when " + condition + " then '" + target.wireName() + "' else state end" + alsoSet;
    }

    /**
     * The select list of the proof of the rows a moving event deleted, read from the relation
     * {@code gone} (the DELETE's RETURNING), in the order of {@link #PROOF_COLUMNS}; its parameters
     * are the event's, in order.
     */
    public String proofValues() {
        if (!movesToProof()) {
            throw new IllegalStateException(name() + " updates the row; it leaves no proof");
        }
        return KEPT + alsoSet;
    }

    private void requireUpdate() {
        if (movesToProof()) {
            throw new IllegalStateException(name() + " moves the row to deleted_object; it sets nothing");
        }
    }

    /** The WHERE condition that lets only rows the event may move: {@code state in (...)}. */
    public String from() {
        return condition(sources);
    }

    /**
     * The same condition on another relation's {@code state} column, for a statement that reads
     * the rows' states where it locked them (a CTE) rather than in the table it updates.
     */
    public String fromStateOf(String relation) {
        return relation + "." + condition(sources);
    }

    /**
     * The WHERE condition for a statement that moves only some of the event's sources; refuses a
     * state the event may not leave, so no statement can widen the rule.
     */
    public String from(ObjectState first, ObjectState... more) {
        EnumSet<ObjectState> some = EnumSet.of(first, more);
        if (!sources.containsAll(some)) {
            throw new IllegalArgumentException(name() + " may not leave " + some);
        }
        return condition(some);
    }

    private static String condition(Set<ObjectState> states) {
        return states.size() == 1 ? "state = '" + states.iterator().next().wireName() + "'"
                : states.stream().map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(", ", "state in (", ")"));
    }
}
