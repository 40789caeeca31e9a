package dev.custodian.objectstore.s3;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.BucketVersioning;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.HeldVersion;
import dev.custodian.objectstore.entity.HoldReason;
import dev.custodian.objectstore.entity.IncompleteUpload;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.ObjectVersion;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.objectstore.entity.PresignedRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} over one bucket with the AWS SDK v2. Every SDK failure leaves as an
 * {@link dev.custodian.objectstore.entity.ObjectStoreException} (see {@link S3Failures}); per-key
 * errors of a batch delete are read one by one, never ignored.
 *
 * <p>With {@link S3Settings.Versions#ALL} a delete on a versioned bucket erases every version and
 * delete marker of each key: it lists each folder of the batch once (ListObjectVersions, not one
 * call per key), then deletes by version id. Whether the bucket is versioned is read on the first
 * delete and again once it is {@link #VERSIONING_FRESH_NANOS} old (a bucket's versioning changes
 * rarely and only by an administrator's hand; one GET a minute costs nothing, and no timer is
 * needed here), and at once when a plain delete's answer reports a delete marker, which only a
 * versioned bucket makes. {@link #versioning()} always asks the store and refreshes what is cached.
 */
public class S3ObjectStore implements ObjectStore {

    private static final Logger LOG = Logger.getLogger(S3ObjectStore.class.getName());

    /** How long a HEAD's "the bucket exists" stands, so absent keys do not double every probe. */
    private static final long BUCKET_SEEN_NANOS = Duration.ofSeconds(10).toNanos();

    /** How long a read of the bucket's versioning stands before a delete asks again. */
    private static final long VERSIONING_FRESH_NANOS = Duration.ofMinutes(1).toNanos();

    /** The version S3 gives an object written while versioning was off or suspended. */
    private static final String NULL_VERSION = "null";

    /**
     * Key order, then newest first within a key: the latest first (a store may give a marker the
     * time of the version it hides, as S3Mock does), then by time, versions before markers of the
     * same instant.
     */
    private static final Comparator<ObjectVersion> KEY_THEN_NEWEST = Comparator.comparing(ObjectVersion::key)
            .thenComparing(ObjectVersion::latest, Comparator.reverseOrder())
            .thenComparing(ObjectVersion::lastModified, Comparator.nullsLast(Comparator.reverseOrder()));

    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final Duration requestTimeout;
    private final S3Settings.Versions versions;
    /** Every request that moves no object bytes ends within the request timeout, retries included. */
    private final AwsRequestOverrideConfiguration bounded;
    private volatile long bucketSeenAt;
    private volatile KnownVersioning knownVersioning;

    private record KnownVersioning(BucketVersioning state, long readAt) {
    }

    /** One version of one key, as DeleteObjects names it in its answer. */
    private record VersionRef(String key, String versionId) {
    }

    public S3ObjectStore(S3Client client, S3Presigner presigner, String bucket, Duration requestTimeout,
                         S3Settings.Versions versions) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
        this.requestTimeout = requestTimeout;
        this.versions = versions;
        this.bounded = AwsRequestOverrideConfiguration.builder().apiCallTimeout(requestTimeout).build();
    }

    @Override
    public Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public Duration copyTimeout() {
        return S3Clients.CALL_TIMEOUT;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public ObjectInfo put(String key, Payload payload, String contentType) {
        return S3Failures.call("put " + key, () -> {
            RequestBody body = payload instanceof Payload.InFile inFile ? RequestBody.fromFile(inFile.file())
                    : RequestBody.fromBytes(((Payload.InMemory) payload).bytes());
            var response = client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), body);
            return new ObjectInfo(key, payload.sizeBytes(), response.eTag(), Instant.now(), contentType,
                    response.versionId());
        });
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return S3Failures.call("head " + key, () -> {
            try {
                HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(bounded));
                return Optional.of(new ObjectInfo(key, head.contentLength(), head.eTag(), head.lastModified(),
                        head.contentType(), head.versionId()));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return absentUnlessTheBucketIs(key);
                }
                throw e;
            }
        });
    }

    /**
     * A HEAD has no body, so its 404 cannot say whether the key or the whole bucket is missing; a
     * missing bucket must never read as "the object is absent" (a deletion would call that done).
     */
    private Optional<ObjectInfo> absentUnlessTheBucketIs(String key) {
        if (System.nanoTime() - bucketSeenAt > BUCKET_SEEN_NANOS) {
            try {
                client.headBucket(b -> b.bucket(bucket).overrideConfiguration(bounded));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new ObjectStoreException("head " + key + " failed: NoSuchBucket " + bucket, "NoSuchBucket",
                            false, e);
                }
                throw e;
            }
            bucketSeenAt = System.nanoTime();
        }
        return Optional.empty();
    }

    @Override
    public InputStream get(String key) {
        return S3Failures.call("get " + key, () -> client.getObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public PresignedRequest presignPut(String key, String contentType, long sizeBytes, Duration ttl) {
        var presigned = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                .putObjectRequest(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(sizeBytes)));
        return toPresigned(presigned.url().toString(), presigned.httpRequest().method().name(),
                presigned.signedHeaders(), presigned.expiration());
    }

    @Override
    public PresignedRequest presignGet(String key, Duration ttl, String attachmentName) {
        // RFC 6266: an ASCII fallback for old clients, the exact name in RFC 5987's filename*
        String disposition = attachmentName == null ? null : "attachment; filename=\""
                + attachmentName.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_") + "\"; filename*=UTF-8''"
                + URLEncoder.encode(attachmentName, StandardCharsets.UTF_8).replace("+", "%20");
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(ttl)
                .getObjectRequest(b -> b.bucket(bucket).key(key).responseContentDisposition(disposition)));
        return toPresigned(presigned.url().toString(), presigned.httpRequest().method().name(),
                presigned.signedHeaders(), presigned.expiration());
    }

    /** The headers a client must send; {@code host} comes from the URL itself. */
    private static PresignedRequest toPresigned(String url, String method, Map<String, List<String>> signedHeaders,
                                                Instant expiration) {
        Map<String, String> headers = new HashMap<>();
        signedHeaders.forEach((name, values) -> {
            if (!"host".equalsIgnoreCase(name)) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedRequest(URI.create(url), method, headers, expiration);
    }

    @Override
    public ObjectInfo copy(String fromKey, String toKey) {
        return S3Failures.call("copy " + fromKey + " to " + toKey, () -> {
            var response = client.copyObject(b -> b.sourceBucket(bucket).sourceKey(fromKey)
                    .destinationBucket(bucket).destinationKey(toKey));
            var result = response.copyObjectResult();
            return new ObjectInfo(toKey, -1, result.eTag(), result.lastModified(), null, response.versionId());
        });
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        return list(prefix, null);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix, String startAfter) {
        var pages = client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).startAfter(startAfter)
                .maxKeys(1000).overrideConfiguration(bounded));
        return S3Failures.stream("list " + prefix, pages.contents().stream().map(S3ObjectStore::toInfo));
    }

    private static ObjectInfo toInfo(S3Object object) {
        return new ObjectInfo(object.key(), object.size(), object.eTag(), object.lastModified(), null, null);
    }

    @Override
    public List<DeleteOutcome> delete(List<String> keys) {
        return delete(keys, false);
    }

    @Override
    public List<DeleteOutcome> delete(List<String> keys, boolean bypassGovernance) {
        if (keys.size() > MAX_DELETE_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_DELETE_BATCH + " keys a batch, got " + keys.size());
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        if (versions == S3Settings.Versions.ALL && cachedVersioning().keepsVersions()) {
            return eraseEveryVersion(keys, bypassGovernance);
        }
        return deleteCurrent(keys, bypassGovernance);
    }

    /**
     * One DeleteObjects without version ids: removes each object, or on a versioned bucket adds a
     * marker. Object Lock never refuses that, so it is sent without the governance bypass header
     * (which S3Proxy 4.1.0 answers with 501 NotImplemented).
     */
    private List<DeleteOutcome> deleteCurrent(List<String> keys, boolean bypassGovernance) {
        Set<String> distinct = new LinkedHashSet<>(keys);
        List<ObjectIdentifier> identifiers = distinct.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        DeleteObjectsResponse response = S3Failures.call("delete " + distinct.size() + " keys",
                () -> client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(identifiers).quiet(false))
                        .overrideConfiguration(bounded)));
        Set<String> confirmed = new LinkedHashSet<>();
        boolean markersMade = false;
        for (DeletedObject deleted : response.deleted()) {
            confirmed.add(deleted.key());
            markersMade |= Boolean.TRUE.equals(deleted.deleteMarker());
        }
        if (markersMade && versions == S3Settings.Versions.ALL && versioning().keepsVersions()) {
            // the bucket was versioned since we last asked: the old versions (and the marker just
            // made) must go too
            return eraseEveryVersion(keys, bypassGovernance);
        }
        Map<String, S3Error> errors = new HashMap<>();
        for (S3Error error : response.errors()) {
            errors.put(error.key(), error);
        }
        List<DeleteOutcome> outcomes = new ArrayList<>(keys.size());
        for (String key : keys) {
            S3Error error = errors.get(key);
            if (error != null) {
                // per-key errors carry no status of their own; the code says whether it may pass
                outcomes.add(S3Failures.isThrottled(0, error.code())
                        ? DeleteOutcome.throttled(key, error.code(), error.message(), List.of(), List.of())
                        : DeleteOutcome.failed(key, error.code(), error.message(), S3Failures.isTransient(0, error.code())));
            } else if (confirmed.contains(key)) {
                outcomes.add(DeleteOutcome.deleted(key));
            } else {
                outcomes.add(DeleteOutcome.failed(key, "Unconfirmed", "the store neither confirmed nor refused this key",
                        true));
            }
        }
        return outcomes;
    }

    /** Every version and marker of each key: the keys' folders listed once each, then deleted by version id. */
    private List<DeleteOutcome> eraseEveryVersion(List<String> keys, boolean bypassGovernance) {
        Map<String, List<ObjectVersion>> found = versionsOf(new LinkedHashSet<>(keys));
        Map<String, DeleteOutcome> outcomes = erase(found, bypassGovernance);
        return keys.stream().map(outcomes::get).toList();
    }

    /**
     * The versions of each key, newest first. Keys are grouped by folder (the text up to the last
     * '/') and each group is listed once, from the longest prefix its keys share (for one key, the
     * key itself) and with '/' as delimiter, so neither subfolders nor the rest of a large folder
     * are paged through; a key with no '/' is its own group. Only exact keys count: "a.mp3" never
     * takes the versions of "a.mp3.bak".
     */
    private Map<String, List<ObjectVersion>> versionsOf(Set<String> keys) {
        Map<String, List<ObjectVersion>> found = new LinkedHashMap<>();
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (String key : keys) {
            found.put(key, new ArrayList<>());
            int slash = key.lastIndexOf('/');
            groups.computeIfAbsent(slash < 0 ? key : key.substring(0, slash + 1), g -> new HashSet<>()).add(key);
        }
        for (Set<String> group : groups.values()) {
            try (Stream<ObjectVersion> listing = versions(sharedPrefix(group), "/")) {
                listing.filter(v -> group.contains(v.key())).forEach(v -> found.get(v.key()).add(v));
            }
        }
        return found;
    }

    private static String sharedPrefix(Set<String> keys) {
        String prefix = null;
        for (String key : keys) {
            if (prefix == null) {
                prefix = key;
            } else {
                int same = 0;
                int limit = Math.min(prefix.length(), key.length());
                while (same < limit && prefix.charAt(same) == key.charAt(same)) {
                    same++;
                }
                prefix = prefix.substring(0, same);
            }
        }
        return prefix;
    }

    /**
     * Deletes the given versions by id ({@link #MAX_DELETE_BATCH} identifiers a request) and tells,
     * per key, what became of them. A version the store refuses permanently is checked for Object
     * Lock (legal hold, then retention): those are held, every other refusal is a failure.
     */
    private Map<String, DeleteOutcome> erase(Map<String, List<ObjectVersion>> toErase, boolean bypassGovernance) {
        List<ObjectIdentifier> identifiers = new ArrayList<>();
        toErase.forEach((key, found) -> found.forEach(v -> identifiers.add(ObjectIdentifier.builder().key(key)
                .versionId(v.versionId()).build())));
        Set<VersionRef> confirmed = new HashSet<>();
        Map<VersionRef, S3Error> refused = new HashMap<>();
        Map<VersionRef, ObjectStoreException> unanswered = new HashMap<>();
        ObjectStoreException firstFailure = null;
        for (int from = 0; from < identifiers.size(); from += MAX_DELETE_BATCH) {
            List<ObjectIdentifier> chunk = identifiers.subList(from, Math.min(from + MAX_DELETE_BATCH, identifiers.size()));
            try {
                DeleteObjectsResponse response = S3Failures.call("delete " + chunk.size() + " versions",
                        () -> client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(chunk).quiet(false))
                                .bypassGovernanceRetention(bypassGovernance ? Boolean.TRUE : null)
                                .overrideConfiguration(bounded)));
                response.deleted().forEach(d -> confirmed.add(new VersionRef(d.key(), d.versionId())));
                response.errors().forEach(e -> refused.put(new VersionRef(e.key(), e.versionId()), e));
            } catch (ObjectStoreException e) {
                // later chunks may still pass; what this one held is that failure's
                chunk.forEach(id -> unanswered.put(new VersionRef(id.key(), id.versionId()), e));
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (firstFailure != null && confirmed.isEmpty() && refused.isEmpty()) {
            throw firstFailure; // nothing happened: the whole call failed, as a plain delete's would
        }
        Map<String, DeleteOutcome> outcomes = new LinkedHashMap<>();
        toErase.forEach((key, found) -> outcomes.put(key, outcomeOf(key, found, confirmed, refused, unanswered)));
        return outcomes;
    }

    private DeleteOutcome outcomeOf(String key, List<ObjectVersion> found, Set<VersionRef> confirmed,
                                    Map<VersionRef, S3Error> refused, Map<VersionRef, ObjectStoreException> unanswered) {
        List<String> erased = new ArrayList<>();
        List<HeldVersion> held = new ArrayList<>();
        S3Error holdRefusal = null;
        String failedCode = null;
        String failedMessage = null;
        boolean failedTransient = false;
        boolean failedThrottled = false;
        for (ObjectVersion version : found) {
            VersionRef ref = new VersionRef(key, version.versionId());
            S3Error error = refused.get(ref);
            if (error == null && confirmed.contains(ref)) {
                erased.add(version.versionId());
                continue;
            }
            String code;
            String message;
            boolean retry;
            if (error != null) {
                code = error.code();
                message = error.message();
                retry = S3Failures.isTransient(0, code);
                failedThrottled |= S3Failures.isThrottled(0, code);
                if (!retry) {
                    try {
                        Optional<HeldVersion> lock = lockOn(key, version.versionId());
                        if (lock.isPresent()) {
                            held.add(lock.get());
                            holdRefusal = holdRefusal == null ? error : holdRefusal;
                            continue;
                        }
                    } catch (ObjectStoreException e) {
                        retry = e.isTransient(); // could not tell why it was refused: ask again later
                        failedThrottled |= e.isThrottled();
                    }
                }
            } else if (unanswered.containsKey(ref)) {
                ObjectStoreException e = unanswered.get(ref);
                code = e.code();
                message = e.getMessage();
                retry = e.isTransient();
                failedThrottled |= e.isThrottled();
            } else {
                code = "Unconfirmed";
                message = "the store neither confirmed nor refused version " + version.versionId();
                retry = true;
            }
            if (failedCode == null) {
                failedCode = code;
                failedMessage = message;
            }
            failedTransient |= retry;
        }
        if (failedCode != null) {
            return failedThrottled ? DeleteOutcome.throttled(key, failedCode, failedMessage, erased, held)
                    : DeleteOutcome.failed(key, failedCode, failedMessage, failedTransient, erased, held);
        }
        if (!held.isEmpty()) {
            return DeleteOutcome.held(key, holdRefusal.code(), holdRefusal.message(), erased, held);
        }
        return DeleteOutcome.deleted(key, erased);
    }

    /**
     * Whether Object Lock protects the version, asked only of versions the store refused to delete
     * (S3 refuses them with a bare "AccessDenied", the same code as a missing permission). A store
     * or bucket without Object Lock answers these calls with an error, which means "not locked".
     */
    private Optional<HeldVersion> lockOn(String key, String versionId) {
        boolean legalHold = unlessUnlocked("get legal hold of " + key + " " + versionId,
                () -> client.getObjectLegalHold(b -> b.bucket(bucket).key(key).versionId(versionId)
                        .overrideConfiguration(bounded)).legalHold().status() == ObjectLockLegalHoldStatus.ON, false);
        ObjectLockRetention retention = unlessUnlocked("get retention of " + key + " " + versionId,
                () -> client.getObjectRetention(b -> b.bucket(bucket).key(key).versionId(versionId)
                        .overrideConfiguration(bounded)).retention(), null);
        Instant until = retention != null && retention.retainUntilDate() != null
                && retention.retainUntilDate().isAfter(Instant.now()) ? retention.retainUntilDate() : null;
        if (legalHold) {
            return Optional.of(new HeldVersion(versionId, HoldReason.LEGAL_HOLD, until));
        }
        if (until != null) {
            return Optional.of(new HeldVersion(versionId, retention.mode() == ObjectLockRetentionMode.COMPLIANCE
                    ? HoldReason.RETENTION_COMPLIANCE : HoldReason.RETENTION_GOVERNANCE, until));
        }
        return Optional.empty();
    }

    /** The answer, or {@code unlocked} when the store says (permanently) there is no such lock to read. */
    private static <T> T unlessUnlocked(String what, Supplier<T> call, T unlocked) {
        return S3Failures.call(what, () -> {
            try {
                return call.get();
            } catch (S3Exception e) {
                int status = e.statusCode();
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                boolean refusal = status == 501 || status >= 400 && status < 500 && !S3Failures.isTransient(status, code);
                if (refusal) {
                    return unlocked; // no lock configuration, no such version, not implemented, not allowed
                }
                throw e;
            }
        });
    }

    @Override
    public DeleteOutcome deleteOlderVersions(String key, String keepVersionId) {
        if (versions == S3Settings.Versions.CURRENT || !cachedVersioning().keepsVersions()) {
            return DeleteOutcome.deleted(key);
        }
        String keep = keepVersionId == null ? NULL_VERSION : keepVersionId;
        List<ObjectVersion> found;
        try (Stream<ObjectVersion> listing = versions(key, "/")) {
            found = listing.filter(v -> v.key().equals(key)).toList();
        }
        Optional<ObjectVersion> kept = found.stream().filter(v -> !v.deleteMarker() && keep.equals(v.versionId()))
                .findFirst();
        if (kept.isEmpty()) {
            return DeleteOutcome.failed(key, "NoSuchVersion", "version " + keep + " of " + key + " is not there to keep",
                    false);
        }
        // newest first: what follows the kept version is older, except a marker of the very same instant
        List<ObjectVersion> older = found.subList(found.indexOf(kept.get()) + 1, found.size()).stream()
                .filter(v -> !v.deleteMarker() || v.lastModified() == null || kept.get().lastModified() == null
                        || v.lastModified().isBefore(kept.get().lastModified()))
                .toList();
        if (older.isEmpty()) {
            return DeleteOutcome.deleted(key);
        }
        return erase(Map.of(key, older), false).get(key);
    }

    @Override
    public BucketVersioning versioning() {
        BucketVersioning state = S3Failures.call("get versioning of " + bucket, () -> {
            try {
                var status = client.getBucketVersioning(b -> b.bucket(bucket).overrideConfiguration(bounded)).status();
                if (status == null) {
                    // never enabled: S3 and S3Proxy 4.1.0 (which keeps no versions) both answer an
                    // empty <VersioningConfiguration/>
                    return BucketVersioning.UNVERSIONED;
                }
                return switch (status) {
                    case ENABLED -> BucketVersioning.ENABLED;
                    case SUSPENDED -> BucketVersioning.SUSPENDED;
                    // a status this SDK does not know: treat it as keeping versions, so none is left behind
                    default -> BucketVersioning.ENABLED;
                };
            } catch (S3Exception e) {
                if (e.statusCode() == 501) {
                    return BucketVersioning.UNVERSIONED; // a store without versioning says NotImplemented
                }
                throw e;
            }
        });
        KnownVersioning before = knownVersioning;
        if (before == null || before.state() != state) {
            LOG.info(() -> "bucket " + bucket + " versioning: " + state + (versions == S3Settings.Versions.ALL
                    && state.keepsVersions() ? "; a delete erases every version" : ""));
        }
        knownVersioning = new KnownVersioning(state, System.nanoTime());
        return state;
    }

    private BucketVersioning cachedVersioning() {
        KnownVersioning known = knownVersioning;
        if (known == null || System.nanoTime() - known.readAt() > VERSIONING_FRESH_NANOS) {
            return versioning();
        }
        return known.state();
    }

    @Override
    public boolean erasesVersions() {
        return versions == S3Settings.Versions.ALL && cachedVersioning().keepsVersions();
    }

    @Override
    public Stream<ObjectVersion> listVersions(String prefix) {
        if (!cachedVersioning().keepsVersions()) {
            // each object is its only version; S3Proxy answers ListObjectVersions with 501 NotImplemented
            return list(prefix).map(ObjectVersion::current);
        }
        return versions(prefix, null);
    }

    /** ListObjectVersions page by page; a page's versions and markers merged into key-then-newest order. */
    private Stream<ObjectVersion> versions(String prefix, String delimiter) {
        var pages = client.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix).delimiter(delimiter)
                .maxKeys(1000).overrideConfiguration(bounded));
        return S3Failures.stream("list versions " + prefix, pages.stream().flatMap(S3ObjectStore::pageVersions));
    }

    private static Stream<ObjectVersion> pageVersions(ListObjectVersionsResponse page) {
        // the SDK parts versions from markers; their order between each other is by time
        Stream<ObjectVersion> kept = page.versions().stream().map(v -> new ObjectVersion(v.key(), v.versionId(), false,
                Boolean.TRUE.equals(v.isLatest()), v.size() == null ? 0 : v.size(), v.eTag(), v.lastModified()));
        Stream<ObjectVersion> markers = page.deleteMarkers().stream().map(m -> new ObjectVersion(m.key(), m.versionId(),
                true, Boolean.TRUE.equals(m.isLatest()), 0, null, m.lastModified()));
        return Stream.concat(kept, markers).sorted(KEY_THEN_NEWEST);
    }

    @Override
    public Stream<IncompleteUpload> incompleteUploads(String prefix) {
        var pages = client.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)
                .overrideConfiguration(bounded));
        return S3Failures.stream("list multipart uploads " + prefix, pages.uploads().stream()
                .map(u -> new IncompleteUpload(u.key(), u.uploadId(), u.initiated())));
    }

    @Override
    public void abortUpload(IncompleteUpload upload) {
        S3Failures.call("abort multipart upload of " + upload.key(), () -> {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())
                        .overrideConfiguration(bounded));
            } catch (software.amazon.awssdk.services.s3.model.NoSuchUploadException gone) {
                // aborted or completed meanwhile: nothing left to free
            }
            return null;
        });
    }

    @Override
    public boolean isReachable() {
        try {
            client.headBucket(b -> b.bucket(bucket).overrideConfiguration(bounded));
            bucketSeenAt = System.nanoTime();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
