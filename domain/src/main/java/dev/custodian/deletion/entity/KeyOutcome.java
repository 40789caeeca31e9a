package dev.custodian.deletion.entity;

import java.time.Instant;
import java.util.List;

/**
 * What the store said about one claimed key; {@code code} and {@code message} only when it was not
 * deleted, where {@code transientFailure} tells an outage of the store from a refusal of the key,
 * and {@code throttled} (a transient failure too) that the store asked to slow down. A key Object
 * Lock holds carries {@code heldUntil}, when to look again; it is neither deleted nor failed.
 * {@code erasedVersions} names the versions the store confirmed erased, whatever became of the key
 * (a held key may have lost its unlocked versions); empty when the store keeps none.
 */
public record KeyOutcome(DueKey due, boolean deleted, String code, String message, boolean transientFailure,
                         boolean throttled, Instant heldUntil, List<String> erasedVersions) {

    public KeyOutcome {
        erasedVersions = List.copyOf(erasedVersions);
    }

    /** The store did not answer for the key, or refused it whole: nothing of it was erased. */
    public static KeyOutcome unanswered(DueKey due, String code, String message, boolean transientFailure,
                                        boolean throttled) {
        return new KeyOutcome(due, false, code, message, transientFailure, throttled, null, List.of());
    }

    public boolean held() {
        return heldUntil != null;
    }

    /** Neither deleted nor held: retried or given up as the retry policy says. */
    public boolean failed() {
        return !deleted && !held();
    }
}
