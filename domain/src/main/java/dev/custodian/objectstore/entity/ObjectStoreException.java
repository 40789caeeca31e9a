package dev.custodian.objectstore.entity;

/**
 * The store failed. {@link #isTransient()} tells whether trying again later can help (throttling,
 * 5xx, time-outs, connection failures) or not (access denied, no such bucket, bad request);
 * {@link #isThrottled()} whether the store asked to slow down (a transient failure too).
 */
public class ObjectStoreException extends RuntimeException {

    private final boolean transientFailure;
    private final boolean throttled;
    private final String code;

    public ObjectStoreException(String message, String code, boolean transientFailure, Throwable cause) {
        this(message, code, transientFailure, false, cause);
    }

    public ObjectStoreException(String message, String code, boolean transientFailure, boolean throttled,
                                Throwable cause) {
        super(message, cause);
        this.code = code;
        this.transientFailure = transientFailure || throttled;
        this.throttled = throttled;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The store asked to slow down (503 SlowDown, 429…): fewer calls at once, not a wait, is the cure. */
    public boolean isThrottled() {
        return throttled;
    }

    /** The store's error code ("SlowDown", "AccessDenied", …), or a short name of the client failure. */
    public String code() {
        return code;
    }
}
