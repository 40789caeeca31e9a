package dev.custodian.objectstore.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;

/** Builds the SDK client and presigner from {@link S3Settings}, the same way for every store. */
final class S3Clients {

    /** The bound of every call, retries included, unless the call sets a shorter one. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);

    /** Enough connections for the deletion drain's parallel batches plus uploads. */
    private static final int MAX_CONNECTIONS = 64;

    private S3Clients() {
    }

    static S3Client client(S3Settings settings) {
        return client(settings, StoreCallObserver.NONE);
    }

    static S3Client client(S3Settings settings, StoreCallObserver observer) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
                // R2 and older S3-compatible stores reject the SDK's default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(CALL_TIMEOUT)
                        // Few retries, on purpose, and not left to AWS_RETRY_MODE (legacy mode makes 4
                        // attempts): standard mode makes 3, waiting about 1 s, then 2 s after a throttle.
                        // That rides out a blip for every call, uploads included; a slow-down that
                        // outlives it is sustained overload, which the deletion pipeline's StoreCallLimit
                        // answers by halving its calls in flight. More retries here would only hold the
                        // throttled call's slot longer and hide the signal from the limit, while the
                        // other drain loops kept the pace the store refused.
                        .retryStrategy(RetryMode.STANDARD)
                        .addExecutionInterceptor(new ObservingInterceptor(observer))
                        .build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    static S3Presigner presigner(S3Settings settings) {
        var builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey() != null && settings.secretKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
