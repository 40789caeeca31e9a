package dev.custodian.ledger.entity;

import dev.custodian.persistence.TextEnums;

/** Where a record stands in the object state machine (see docs/architecture.md). */
public enum ObjectState {
    /** Upload announced; the bytes are not confirmed yet. */
    PENDING,
    ACTIVE,
    /** Queued for physical deletion by a deletion request. */
    DELETING,
    /**
     * The store confirmed the key is gone (or the record was forgotten): the row has left
     * {@code stored_object}, and its proof is kept in {@code deleted_object}.
     */
    DELETED,
    /** Deletion kept failing; kept with its last error, never dropped silently. */
    DELETE_FAILED,
    QUARANTINED,
    /** Record without object, found by maintenance. */
    MISSING,
    /**
     * Object Lock keeps a version of the key (a legal hold, or retention until a date): neither
     * deleted nor failed; tried again when the hold may have ended.
     */
    HELD;

    /** The lower-case name used in the database and the API. */
    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static ObjectState fromWireName(String name) {
        return TextEnums.fromWireName(ObjectState.class, name);
    }
}
