package dev.custodian.objectstore.entity;

import java.util.List;
import java.util.Objects;

/**
 * The store's answer for one key of a batch delete. A key that was already absent counts as
 * deleted: the goal is "gone", and S3 reports it that way too.
 *
 * <p>On a versioned bucket a key is {@link Result#DELETED} only when every one of its versions and
 * delete markers is confirmed gone; {@link Result#HELD} when the only versions left are protected by
 * Object Lock (a legal hold or an unexpired retention), which no retry soon can change; otherwise
 * {@link Result#FAILED}. Whatever the result, {@code deletedVersionIds} names the versions this call
 * did erase, for the audit and the erasure receipt.
 *
 * @param code      the store's error code when not deleted (for a held key, what it refused the
 *                  locked version with, "AccessDenied" on S3), else null
 * @param message   the store's error message when not deleted, else null
 * @param transientFailure when failed: whether trying again later can help (the store was busy or
 *                  failing) or not (the key itself is refused: access denied, bad key); false when
 *                  deleted or held
 * @param throttled when failed: the store asked to slow down (SlowDown for this key); implies transient
 * @param deletedVersionIds the versions (and delete markers) erased; empty when the store keeps no
 *                  versions or only the current object was deleted
 * @param heldVersions the versions Object Lock kept, with why and until when; empty unless held
 *                  (a failed key may list some too, when other versions failed beside them)
 */
public record DeleteOutcome(String key, Result result, String code, String message, boolean transientFailure,
                            boolean throttled, List<String> deletedVersionIds, List<HeldVersion> heldVersions) {

    public enum Result { DELETED, HELD, FAILED }

    public DeleteOutcome {
        Objects.requireNonNull(result, "result");
        deletedVersionIds = List.copyOf(deletedVersionIds);
        heldVersions = List.copyOf(heldVersions);
        if (result == Result.HELD && heldVersions.isEmpty()) {
            throw new IllegalArgumentException("a held key names the versions held: " + key);
        }
        if (throttled && !transientFailure) {
            throw new IllegalArgumentException("a throttled key may be tried again: " + key);
        }
    }

    public static DeleteOutcome deleted(String key) {
        return deleted(key, List.of());
    }

    public static DeleteOutcome deleted(String key, List<String> deletedVersionIds) {
        return new DeleteOutcome(key, Result.DELETED, null, null, false, false, deletedVersionIds, List.of());
    }

    public static DeleteOutcome failed(String key, String code, String message, boolean transientFailure) {
        return failed(key, code, message, transientFailure, List.of(), List.of());
    }

    public static DeleteOutcome failed(String key, String code, String message, boolean transientFailure,
                                       List<String> deletedVersionIds, List<HeldVersion> heldVersions) {
        return new DeleteOutcome(key, Result.FAILED, code, message, transientFailure, false, deletedVersionIds,
                heldVersions);
    }

    /** Not deleted because the store asked to slow down; tried again as soon as the pace allows. */
    public static DeleteOutcome throttled(String key, String code, String message, List<String> deletedVersionIds,
                                          List<HeldVersion> heldVersions) {
        return new DeleteOutcome(key, Result.FAILED, code, message, true, true, deletedVersionIds, heldVersions);
    }

    public static DeleteOutcome held(String key, String code, String message, List<String> deletedVersionIds,
                                     List<HeldVersion> heldVersions) {
        return new DeleteOutcome(key, Result.HELD, code, message, false, false, deletedVersionIds, heldVersions);
    }

    /** Gone: every version and marker erased, or nothing was there. */
    public boolean deleted() {
        return result == Result.DELETED;
    }

    /** Kept by Object Lock, neither deleted nor failed: retrying before the hold lifts changes nothing. */
    public boolean held() {
        return result == Result.HELD;
    }

    public boolean failed() {
        return result == Result.FAILED;
    }
}
