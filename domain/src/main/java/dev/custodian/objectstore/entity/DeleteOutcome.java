package dev.custodian.objectstore.entity;

/**
 * The store's answer for one key of a batch delete. A key that was already absent counts as
 * deleted: the goal is "gone", and S3 reports it that way too.
 *
 * @param code      the store's error code when not deleted, else null
 * @param message   the store's error message when not deleted, else null
 * @param transientFailure when not deleted: whether trying again later can help (the store was
 *                  busy or failing) or not (the key itself is refused: access denied, bad key)
 */
public record DeleteOutcome(String key, boolean deleted, String code, String message, boolean transientFailure) {

    public static DeleteOutcome deleted(String key) {
        return new DeleteOutcome(key, true, null, null, false);
    }

    public static DeleteOutcome failed(String key, String code, String message, boolean transientFailure) {
        return new DeleteOutcome(key, false, code, message, transientFailure);
    }
}
