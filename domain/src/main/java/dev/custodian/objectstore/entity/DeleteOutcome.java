package dev.custodian.objectstore.entity;

/**
 * The store's answer for one key of a batch delete. A key that was already absent counts as
 * deleted: the goal is "gone", and S3 reports it that way too.
 *
 * @param code    the store's error code when not deleted, else null
 * @param message the store's error message when not deleted, else null
 */
public record DeleteOutcome(String key, boolean deleted, String code, String message) {

    public static DeleteOutcome deleted(String key) {
        return new DeleteOutcome(key, true, null, null);
    }

    public static DeleteOutcome failed(String key, String code, String message) {
        return new DeleteOutcome(key, false, code, message);
    }
}
