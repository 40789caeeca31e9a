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
 * Turns SDK failures into {@link ObjectStoreException}s that say whether a retry can help:
 * throttling, 5xx and anything that never got an answer (connection refused, time-outs) are
 * transient; every other answer of the store is permanent.
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

    /** Error codes that mean "the store is busy or failing", whatever status came with them. */
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "RequestTimeout", "InternalError",
            "ServiceUnavailable", "OperationAborted", "RequestTimeTooSkewed");

    /** Whether an answer of the store, for a whole request or one key of a batch, may succeed later. */
    static boolean isTransient(int status, String code) {
        return status >= 500 || status == 429 || TRANSIENT_CODES.contains(code);
    }

    static ObjectStoreException translate(String what, SdkException e) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() != null && s3.awsErrorDetails().errorCode() != null
                    ? s3.awsErrorDetails().errorCode() : "HTTP" + status;
            return new ObjectStoreException(what + " failed: " + code + " (HTTP " + status + ")", code,
                    isTransient(status, code), e);
        }
        if (e instanceof SdkClientException) {
            return new ObjectStoreException(what + " failed: " + e.getMessage(), "ClientError", true, e);
        }
        return new ObjectStoreException(what + " failed: " + e.getMessage(), e.getClass().getSimpleName(),
                e.retryable(), e);
    }
}
