package dev.custodian.deletion.entity;

import java.time.Instant;

/**
 * What the store said about one claimed key; {@code code} and {@code message} only when it was not
 * deleted, where {@code transientFailure} tells an outage of the store from a refusal of the key,
 * and {@code throttled} (a transient failure too) that the store asked to slow down. A key Object
 * Lock holds carries {@code heldUntil}, when to look again; it is neither deleted nor failed.
 */
public record KeyOutcome(DueKey due, boolean deleted, String code, String message, boolean transientFailure,
                         boolean throttled, Instant heldUntil) {

    public KeyOutcome(DueKey due, boolean deleted, String code, String message, boolean transientFailure) {
        this(due, deleted, code, message, transientFailure, false, null);
    }

    public boolean held() {
        return heldUntil != null;
    }

    /** Neither deleted nor held: retried or given up as the retry policy says. */
    public boolean failed() {
        return !deleted && !held();
    }
}
