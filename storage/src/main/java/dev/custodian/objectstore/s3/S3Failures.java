package dev.custodian.objectstore.s3;

import dev.custodian.objectstore.entity.ObjectStoreException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Iterator;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The one reading of the store's errors: turns SDK failures into {@link ObjectStoreException}s that
 * say whether a retry can help — throttling, 5xx and anything that never got an answer (connection
 * refused, time-outs) are transient; every other answer of the store is permanent — and whether the
 * store asked to slow down, for a whole request or for one key of a batch.
 */
final class S3Failures {

    private S3Failures() {
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    /** The same translation for failures that happen while a lazy stream fetches its next page. */
    static <T> Stream<T> stream(String what, Stream<T> source) {
        Iterator<T> iterator = source.iterator();
        Iterator<T> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return call(what, iterator::hasNext);
            }

            @Override
            public T next() {
                return call(what, iterator::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED), false)
                .onClose(source::close);
    }

    /** Error codes that mean "the store is failing", whatever status came with them. */
    private static final Set<String> TRANSIENT_CODES = Set.of("RequestTimeout", "InternalError", "OperationAborted",
            "RequestTimeTooSkewed");

    /**
     * Error codes by which S3, R2 and other S3-compatible stores ask a client to slow down (S3 sends
     * SlowDown with 503, and ServiceUnavailable when a prefix is too busy; the others are the SDK's
     * throttling codes, which compatible stores borrow).
     */
    private static final Set<String> THROTTLING_CODES = Set.of("SlowDown", "ServiceUnavailable",
            "RequestLimitExceeded", "TooManyRequests", "TooManyRequestsException", "Throttling",
            "ThrottlingException", "RequestThrottled");

    /**
     * Whether the store asked to slow down. A bare 503 counts: S3 documents it as "Slow Down", and a
     * HEAD's answer has no body to name a code.
     */
    static boolean isThrottled(int status, String code) {
        return status == 503 || status == 429 || THROTTLING_CODES.contains(code);
    }

    /** Whether an answer of the store, for a whole request or one key of a batch, may succeed later. */
    static boolean isTransient(int status, String code) {
        return status >= 500 || isThrottled(status, code) || TRANSIENT_CODES.contains(code);
    }

    /** The store's error code, or {@code HTTP<status>} when its answer named none. */
    static String code(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "HTTP" + e.statusCode();
    }

    static ObjectStoreException translate(String what, SdkException e) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = code(s3);
            return new ObjectStoreException(what + " failed: " + code + " (HTTP " + status + ")", code,
                    isTransient(status, code), isThrottled(status, code), e);
        }
        if (e instanceof SdkClientException) {
            return new ObjectStoreException(what + " failed: " + e.getMessage(), "ClientError", true, e);
        }
        return new ObjectStoreException(what + " failed: " + e.getMessage(), e.getClass().getSimpleName(),
                e.retryable(), e);
    }
}
