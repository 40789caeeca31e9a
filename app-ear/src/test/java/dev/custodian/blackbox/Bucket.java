package dev.custodian.blackbox;

import dev.custodian.testing.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The test's own view of the bucket, straight through the S3 API, independent of the service. */
public final class Bucket {

    private static S3Client client;

    private Bucket() {
    }

    private static synchronized S3Client client() {
        if (client == null) {
            S3ProxyServer server = S3ProxyServer.shared();
            client = S3Client.builder()
                    .endpointOverride(URI.create(server.endpoint()))
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                    .build();
        }
        return client;
    }

    public static List<String> keys(String prefix) {
        return client().listObjectsV2Paginator(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix))
                .contents().stream().map(S3Object::key).toList();
    }

    /** The objects under the prefix as the listing shows them: key, size, ETag, date. */
    public static List<S3Object> objects(String prefix) {
        return client().listObjectsV2Paginator(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix))
                .contents().stream().toList();
    }

    public static Optional<byte[]> read(String key) {
        try {
            return Optional.of(client().getObjectAsBytes(b -> b.bucket(S3ProxyServer.BUCKET).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** One DeleteObjects request; fails if the store refuses any key. */
    public static void deleteBatch(List<String> keys) {
        var response = client().deleteObjects(b -> b.bucket(S3ProxyServer.BUCKET).delete(d -> d.objects(
                keys.stream().map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(k)
                        .build()).toList())));
        if (!response.errors().isEmpty()) {
            throw new IllegalStateException("store refused " + response.errors().size() + " keys: "
                    + response.errors().get(0));
        }
    }

    /**
     * A new bucket of its own on the same store, for a server whose settings must not meet the
     * shared server's: instances on one database drain one bucket's keys together.
     */
    public static String create(String name) {
        client().createBucket(b -> b.bucket(name));
        return name;
    }

    /** The keys under the prefix in another bucket than the shared one. */
    public static List<String> keys(String bucket, String prefix) {
        return client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents().stream().map(S3Object::key).toList();
    }

    public static void put(String key, byte[] bytes) {
        client().putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(bytes));
    }
}
