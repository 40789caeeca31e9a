package dev.custodian.objectstore.s3;

/**
 * Told of every store request once it ended: the S3 operation ({@code DeleteObjects},
 * {@code ListObjectsV2}…), how long it took with its retries, and the error code when it failed.
 * Metrics in the service; nothing in tests of the adapter.
 */
@FunctionalInterface
public interface StoreCallObserver {

    StoreCallObserver NONE = (operation, nanos, errorCode) -> { };

    /** @param errorCode null when the request succeeded */
    void observed(String operation, long nanos, String errorCode);
}
