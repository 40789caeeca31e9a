package dev.custodian.objectstore.control;

import dev.custodian.objectstore.entity.BucketVersioning;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.IncompleteUpload;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.ObjectVersion;
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
 *
 * <p>On a versioned bucket "deleted" means every version and delete marker of the key is erased,
 * unless the store is configured to delete only the current object; the default methods here
 * describe a store that keeps no versions.
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

    /**
     * Stores the payload under the key, replacing any object there; returns what was stored, with
     * the new version's id on a versioned bucket (see {@link #deleteOlderVersions}).
     */
    ObjectInfo put(String key, Payload payload, String contentType);

    /** The object's metadata, or empty when there is no such key. */
    Optional<ObjectInfo> head(String key);

    /** The object's bytes; the caller closes the stream. */
    InputStream get(String key);

    /** A presigned PUT for exactly {@code sizeBytes} bytes of {@code contentType}. */
    PresignedRequest presignPut(String key, String contentType, long sizeBytes, Duration ttl);

    /**
     * A presigned GET of the key; with {@code attachmentName} (else null) the store answers it with
     * {@code Content-Disposition: attachment} under that name, so a browser saves it.
     */
    PresignedRequest presignGet(String key, Duration ttl, String attachmentName);

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
     * Deletes up to {@link #MAX_DELETE_BATCH} keys and reports every key's outcome, in the order
     * given. On a versioned bucket (unless the store deletes only current objects) each key's every
     * version and delete marker is erased, and a version Object Lock protects leaves its key
     * {@linkplain DeleteOutcome#held() held}; elsewhere it is one DeleteObjects request.
     */
    List<DeleteOutcome> delete(List<String> keys);

    /**
     * Like {@link #delete(List)}; with {@code bypassGovernance} the store is asked to remove versions
     * under governance-mode retention too ({@code x-amz-bypass-governance-retention}, which needs
     * its own permission). Only for a retry an administrator asked for, never the default. Legal
     * holds and compliance-mode retention hold whatever this says.
     */
    default List<DeleteOutcome> delete(List<String> keys, boolean bypassGovernance) {
        return delete(keys); // a store without Object Lock has no governance to bypass
    }

    /**
     * Whether the bucket keeps versions, asked of the store now (a store that cannot say, such as
     * one without versioning support, reads as {@link BucketVersioning#UNVERSIONED}).
     */
    default BucketVersioning versioning() {
        return BucketVersioning.UNVERSIONED;
    }

    /**
     * Whether {@link #delete} erases every version of a key: the bucket keeps versions and the
     * store is set to erase them. Then a key is only gone when no version and no delete marker of
     * it is left, and whoever checks for leftovers must list versions, not current objects.
     */
    default boolean erasesVersions() {
        return false;
    }

    /**
     * Every version and delete marker whose key starts with the prefix, in key order and newest
     * first within a key, fetched page by page as the stream is consumed. The caller closes the stream.
     */
    default Stream<ObjectVersion> listVersions(String prefix) {
        return list(prefix).map(ObjectVersion::current);
    }

    /**
     * After a replace upload: erases the key's versions and delete markers older than {@code
     * keepVersionId} (the id {@link #put} returned; null means the "null" version a suspended bucket
     * writes), so a replaced file does not live on as an old version. Versions newer than the kept
     * one are left alone: they are someone else's later upload. Does nothing (and reports deleted)
     * on an unversioned bucket or a store that deletes only current objects; fails, permanently,
     * when the version to keep is not there.
     */
    default DeleteOutcome deleteOlderVersions(String key, String keepVersionId) {
        return DeleteOutcome.deleted(key); // nothing older is kept by a store without versions
    }

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
