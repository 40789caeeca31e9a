package dev.custodian.objectstore.entity;

/**
 * The store failed. {@link #isTransient()} tells whether trying again later can help (throttling,
 * 5xx, time-outs, connection failures) or not (access denied, no such bucket, bad request).
 */
public class ObjectStoreException extends RuntimeException {

    private final boolean transientFailure;
    private final String code;

    public ObjectStoreException(String message, String code, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The store's error code ("SlowDown", "AccessDenied", …), or a short name of the client failure. */
    public String code() {
        return code;
    }
}
