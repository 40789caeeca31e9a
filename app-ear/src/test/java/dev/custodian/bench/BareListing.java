package dev.custodian.bench;

import dev.custodian.testing.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/** The floor of every scan: a bare paginated ListObjectsV2 of a prefix, 1000 keys a page, with a fresh client. */
final class BareListing {

    private BareListing() {
    }

    static long count(String prefix) {
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(S3ProxyServer.shared().endpoint()))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build()) {
            return client.listObjectsV2Paginator(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix).maxKeys(1000))
                    .contents().stream().count();
        }
    }
}
