package dev.custodian.objectstore.control;

import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.IncompleteUpload;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.objectstore.entity.PresignedRequest;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bucket, as the domain needs it. Every method may throw {@link ObjectStoreException}; none
 * swallows a store error. Implementations must be safe for concurrent use.
 */
public interface ObjectStore {

    /** The most keys one {@link #delete(List)} call accepts (the S3 DeleteObjects limit). */
    int MAX_DELETE_BATCH = 1000;

    /** The bucket every key of this store lives in. */
    String bucket();

    /**
     * The longest one request that moves no object bytes (HEAD, a list page, a batch delete) can
     * take before it fails as transient; whoever leases work around such a call must lease it for
     * longer.
     */
    Duration requestTimeout();

    /** The longest a server-side {@link #copy} may take: it moves the bytes, however many. */
    Duration copyTimeout();

    /** Stores the payload under the key, replacing any object there; returns what was stored. */
    ObjectInfo put(String key, Payload payload, String contentType);

    /** The object's metadata, or empty when there is no such key. */
    Optional<ObjectInfo> head(String key);

    /** The object's bytes; the caller closes the stream. */
    InputStream get(String key);

    /** A presigned PUT for exactly {@code sizeBytes} bytes of {@code contentType}. */
    PresignedRequest presignPut(String key, String contentType, long sizeBytes, Duration ttl);

    /** A presigned GET of the key. */
    PresignedRequest presignGet(String key, Duration ttl);

    /** Server-side copy; the bytes never pass through this process. */
    ObjectInfo copy(String fromKey, String toKey);

    /**
     * Every object whose key starts with the prefix, in key order, fetched page by page as the
     * stream is consumed. The caller closes the stream.
     */
    Stream<ObjectInfo> list(String prefix);

    /** Like {@link #list(String)}, resuming after the given key (null: from the start). */
    Stream<ObjectInfo> list(String prefix, String startAfter);

    /**
     * Deletes up to {@link #MAX_DELETE_BATCH} keys in one request and reports every key's outcome,
     * in the order given.
     */
    List<DeleteOutcome> delete(List<String> keys);

    /**
     * Multipart uploads under the prefix that were started and never completed or aborted, page by
     * page as the stream is consumed. The caller closes the stream.
     */
    Stream<IncompleteUpload> incompleteUploads(String prefix);

    /** Aborts a multipart upload, freeing its parts; an upload that is already gone counts as aborted. */
    void abortUpload(IncompleteUpload upload);

    /** True when the bucket exists and these credentials may use it; never throws. */
    boolean isReachable();
}
