package dev.custodian.objectstore.s3;

import dev.custodian.objectstore.entity.ObjectStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;

class S3FailuresTest {

    @ParameterizedTest(name = "HTTP {0} {1}: transient {2}, throttled {3}")
    @CsvSource({
            "503, SlowDown, true, true",
            "503, ServiceUnavailable, true, true",
            "503, HTTP503, true, true",
            "429, TooManyRequests, true, true",
            "400, RequestLimitExceeded, true, true",
            "0, SlowDown, true, true",
            "500, InternalError, true, false",
            "0, InternalError, true, false",
            "400, RequestTimeout, true, false",
            "403, AccessDenied, false, false",
            "404, NoSuchBucket, false, false"})
    void tellsASlowDownFromAnOutageAndFromARefusal(int status, String code, boolean transientFailure,
                                                   boolean throttled) {
        assertThat(S3Failures.isTransient(status, code)).isEqualTo(transientFailure);
        assertThat(S3Failures.isThrottled(status, code)).isEqualTo(throttled);
    }

    @Test
    void aThrottledRequestLeavesAsAThrottledTransientFailure() {
        S3Exception slowDown = (S3Exception) S3Exception.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").build()).build();

        ObjectStoreException e = S3Failures.translate("delete 1000 keys", slowDown);

        assertThat(e.code()).isEqualTo("SlowDown");
        assertThat(e.isThrottled()).isTrue();
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void aRequestThatGotNoAnswerIsTransientButNoSlowDown() {
        ObjectStoreException e = S3Failures.translate("list a/", SdkClientException.create("Connection refused"));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.isThrottled()).isFalse();
    }
}
