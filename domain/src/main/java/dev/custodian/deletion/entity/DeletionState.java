package dev.custodian.deletion.entity;

import dev.custodian.persistence.TextEnums;

/** queued → running → completed | completed_with_errors (| failed: the request itself could not proceed). */
public enum DeletionState {
    QUEUED, RUNNING, COMPLETED, COMPLETED_WITH_ERRORS,
    /** Every key is gone but those Object Lock holds; they go when the hold ends, and the deletion runs again. */
    COMPLETED_WITH_HOLDS,
    FAILED;

    /** Whether the deletion has ended: nothing of it runs any more (it may still be retried). */
    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static DeletionState fromWireName(String name) {
        return TextEnums.fromWireName(DeletionState.class, name);
    }
}
