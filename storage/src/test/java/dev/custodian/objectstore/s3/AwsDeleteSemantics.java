package dev.custodian.objectstore.s3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link S3Client} to S3Mock whose DeleteObjects answers as AWS S3 documents it where S3Mock
 * 4.11.0 does not (measured: it deletes a version under a legal hold or retention and answers
 * "Deleted", and it never reports the delete markers it makes):
 * <ul>
 * <li>a version under a legal hold, compliance retention, or governance retention without
 *     {@code x-amz-bypass-governance-retention} is not deleted, and its entry is the error S3 gives,
 *     {@code AccessDenied} "Access Denied because object protected by object lock.";</li>
 * <li>a delete without version id on a versioned bucket reports {@code DeleteMarker=true}.</li>
 * </ul>
 * What is locked is read from S3Mock itself (GetObjectLegalHold, GetObjectRetention) through a
 * client of its own, so the store's requests can be counted apart; every other call goes to S3Mock
 * unchanged.
 */
final class AwsDeleteSemantics implements InvocationHandler {

    static final String LOCKED_MESSAGE = "Access Denied because object protected by object lock.";

    private final S3Client s3mock;
    private final S3Client lockReader;

    private AwsDeleteSemantics(S3Client s3mock, S3Client lockReader) {
        this.s3mock = s3mock;
        this.lockReader = lockReader;
    }

    static S3Client around(S3Client s3mock, S3Client lockReader) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                new AwsDeleteSemantics(s3mock, lockReader));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("deleteObjects") && args != null && args.length == 1) {
            DeleteObjectsRequest request = args[0] instanceof DeleteObjectsRequest given ? given
                    : DeleteObjectsRequest.builder().applyMutation((Consumer<DeleteObjectsRequest.Builder>) args[0]).build();
            return deleteObjects(request);
        }
        try {
            return method.invoke(s3mock, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private DeleteObjectsResponse deleteObjects(DeleteObjectsRequest request) {
        boolean bypass = Boolean.TRUE.equals(request.bypassGovernanceRetention());
        List<ObjectIdentifier> allowed = new ArrayList<>();
        List<S3Error> refused = new ArrayList<>();
        for (ObjectIdentifier id : request.delete().objects()) {
            // S3 refuses only deletes of a version; without a version id it just adds a marker
            if (id.versionId() != null && locked(request.bucket(), id, bypass)) {
                refused.add(S3Error.builder().key(id.key()).versionId(id.versionId()).code("AccessDenied")
                        .message(LOCKED_MESSAGE).build());
            } else {
                allowed.add(id);
            }
        }
        DeleteObjectsResponse answered = allowed.isEmpty() ? DeleteObjectsResponse.builder().build()
                : s3mock.deleteObjects(request.toBuilder().delete(d -> d.objects(allowed).quiet(request.delete().quiet()))
                        .build());
        boolean versioned = allowed.stream().anyMatch(id -> id.versionId() == null)
                && lockReader.getBucketVersioning(b -> b.bucket(request.bucket())).status() == BucketVersioningStatus.ENABLED;
        List<DeletedObject> deleted = answered.deleted().stream()
                .map(d -> versioned && d.versionId() == null ? d.toBuilder().deleteMarker(true).build() : d)
                .toList();
        List<S3Error> errors = new ArrayList<>(answered.errors());
        errors.addAll(refused);
        return answered.toBuilder().deleted(deleted).errors(errors).build();
    }

    private boolean locked(String bucket, ObjectIdentifier id, boolean bypassGovernance) {
        try {
            if (lockReader.getObjectLegalHold(b -> b.bucket(bucket).key(id.key()).versionId(id.versionId()))
                    .legalHold().status() == ObjectLockLegalHoldStatus.ON) {
                return true;
            }
        } catch (S3Exception noHold) {
            // S3Mock: 404 "does not have a ObjectLock configuration"
        }
        try {
            ObjectLockRetention retention = lockReader.getObjectRetention(b -> b.bucket(bucket).key(id.key())
                    .versionId(id.versionId())).retention();
            boolean unexpired = retention.retainUntilDate() != null && retention.retainUntilDate().isAfter(Instant.now());
            return unexpired && (retention.mode() == ObjectLockRetentionMode.COMPLIANCE || !bypassGovernance);
        } catch (S3Exception noRetention) {
            return false;
        }
    }
}
