package dev.custodian.objectstore.s3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;

/** An {@link S3ObjectStore} on a test's server, its SDK client built as production builds it; close it after. */
public record OpenStore(S3ObjectStore store, S3Client client, S3Presigner presigner) implements AutoCloseable {

    public static OpenStore on(String endpoint, String accessKey, String secretKey, String bucket,
                               Duration requestTimeout, StoreCallObserver observer) {
        S3Settings settings = new S3Settings(URI.create(endpoint), "us-east-1", bucket, accessKey, secretKey, true,
                requestTimeout, S3Settings.Versions.ALL);
        S3Client client = S3Clients.client(settings, observer);
        S3Presigner presigner = S3Clients.presigner(settings);
        return new OpenStore(new S3ObjectStore(client, presigner, bucket, requestTimeout, settings.versions()), client,
                presigner);
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
