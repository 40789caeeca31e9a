package dev.custodian.objectstore.s3;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.IncompleteUpload;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.objectstore.entity.PresignedRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} over one bucket with the AWS SDK v2. Every SDK failure leaves as an
 * {@link dev.custodian.objectstore.entity.ObjectStoreException} (see {@link S3Failures}); per-key
 * errors of a batch delete are read one by one, never ignored.
 */
public class S3ObjectStore implements ObjectStore {

    /** How long a HEAD's "the bucket exists" stands, so absent keys do not double every probe. */
    private static final long BUCKET_SEEN_NANOS = Duration.ofSeconds(10).toNanos();

    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final Duration requestTimeout;
    /** Every request that moves no object bytes ends within the request timeout, retries included. */
    private final AwsRequestOverrideConfiguration bounded;
    private volatile long bucketSeenAt;

    public S3ObjectStore(S3Client client, S3Presigner presigner, String bucket, Duration requestTimeout) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
        this.requestTimeout = requestTimeout;
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
            return new ObjectInfo(key, payload.sizeBytes(), response.eTag(), Instant.now(), contentType);
        });
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return S3Failures.call("head " + key, () -> {
            try {
                HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(bounded));
                return Optional.of(new ObjectInfo(key, head.contentLength(), head.eTag(), head.lastModified(),
                        head.contentType()));
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
    public PresignedRequest presignGet(String key, Duration ttl) {
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(ttl)
                .getObjectRequest(b -> b.bucket(bucket).key(key)));
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
            return new ObjectInfo(toKey, -1, result.eTag(), result.lastModified(), null);
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
        return new ObjectInfo(object.key(), object.size(), object.eTag(), object.lastModified(), null);
    }

    @Override
    public List<DeleteOutcome> delete(List<String> keys) {
        if (keys.size() > MAX_DELETE_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_DELETE_BATCH + " keys a batch, got " + keys.size());
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>(keys);
        List<ObjectIdentifier> identifiers = distinct.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        DeleteObjectsResponse response = S3Failures.call("delete " + distinct.size() + " keys",
                () -> client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(identifiers).quiet(false))
                        .overrideConfiguration(bounded)));
        Set<String> confirmed = new LinkedHashSet<>();
        for (DeletedObject deleted : response.deleted()) {
            confirmed.add(deleted.key());
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
                outcomes.add(DeleteOutcome.failed(key, error.code(), error.message(),
                        S3Failures.isTransient(0, error.code())));
            } else if (confirmed.contains(key)) {
                outcomes.add(DeleteOutcome.deleted(key));
            } else {
                outcomes.add(DeleteOutcome.failed(key, "Unconfirmed", "the store neither confirmed nor refused this key",
                        true));
            }
        }
        return outcomes;
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
