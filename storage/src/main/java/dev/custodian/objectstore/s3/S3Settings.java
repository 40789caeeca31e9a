package dev.custodian.objectstore.s3;

import dev.custodian.configuration.DurationSetting;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the bucket; each key is declared here once, with its default. Credentials come
 * only from the environment (or another config source), never from a file in the archive.
 *
 * @param endpoint   null means the SDK's default AWS endpoint for the region
 * @param accessKey  null means the SDK's default credential chain
 * @param requestTimeout the longest any request that moves no object bytes (HEAD, list page,
 *                   DeleteObjects) may take, retries included; uploads, downloads and server-side
 *                   copies are bounded by the socket's read timeout and a 10-minute call limit
 *                   instead, since their length has no limit
 * @param versions   on a versioned bucket, what a delete erases: every version and delete marker of
 *                   the key ({@code all}, the default: an owner's erased data must not live on as
 *                   old versions) or only the current object, leaving a delete marker ({@code current})
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
                         boolean pathStyle, Duration requestTimeout, Versions versions) {

    /** The values of {@code custodian.s3.versions}. */
    public enum Versions {
        ALL, CURRENT;

        static Versions parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(VERSIONS + " must be all or current, is " + text, e);
            }
        }
    }

    static final String ENDPOINT = "custodian.s3.endpoint";
    static final String REGION = "custodian.s3.region";
    static final String BUCKET = "custodian.s3.bucket";
    static final String ACCESS_KEY = "custodian.s3.access-key";
    static final String SECRET_KEY = "custodian.s3.secret-key";
    static final String PATH_STYLE = "custodian.s3.path-style";
    static final String REQUEST_TIMEOUT = "custodian.s3.request-timeout";
    static final String VERSIONS = "custodian.s3.versions";

    /** The local S3-compatible store the dev run starts. */
    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:9000";
    private static final String DEFAULT_REGION = "us-east-1";
    private static final String DEFAULT_BUCKET = "custodian";
    private static final String DEFAULT_PATH_STYLE = "true";
    private static final String DEFAULT_REQUEST_TIMEOUT = "PT30S";
    private static final String DEFAULT_VERSIONS = "all";

    /** Every key read here with its default (null: none), for the diagnostics' configuration report. */
    public static Map<String, String> declared() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(ENDPOINT, DEFAULT_ENDPOINT);
        keys.put(REGION, DEFAULT_REGION);
        keys.put(BUCKET, DEFAULT_BUCKET);
        keys.put(ACCESS_KEY, null);
        keys.put(SECRET_KEY, null);
        keys.put(PATH_STYLE, DEFAULT_PATH_STYLE);
        keys.put(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
        keys.put(VERSIONS, DEFAULT_VERSIONS);
        return keys;
    }

    public static S3Settings from(Config config) {
        String endpointText = config.getOptionalValue(ENDPOINT, String.class).orElse(DEFAULT_ENDPOINT).trim();
        URI endpoint = null;
        if (!endpointText.isEmpty() && !"aws".equals(endpointText)) {
            try {
                endpoint = new URI(endpointText);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(ENDPOINT + " is not a URL: " + endpointText, e);
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalStateException(ENDPOINT + " must be an absolute http(s) URL, is " + endpointText);
            }
        }
        String bucket = config.getOptionalValue(BUCKET, String.class).orElse(DEFAULT_BUCKET);
        return new S3Settings(endpoint,
                config.getOptionalValue(REGION, String.class).orElse(DEFAULT_REGION),
                bucket,
                blankToNull(config.getOptionalValue(ACCESS_KEY, String.class)),
                blankToNull(config.getOptionalValue(SECRET_KEY, String.class)),
                config.getOptionalValue(PATH_STYLE, Boolean.class).orElse(Boolean.parseBoolean(DEFAULT_PATH_STYLE)),
                DurationSetting.positive(REQUEST_TIMEOUT,
                        config.getOptionalValue(REQUEST_TIMEOUT, String.class).orElse(DEFAULT_REQUEST_TIMEOUT)),
                Versions.parse(config.getOptionalValue(VERSIONS, String.class).orElse(DEFAULT_VERSIONS)));
    }

    private static String blankToNull(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).orElse(null);
    }

    @Override
    public String toString() {
        // never print the secret
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                + ", accessKey=" + (accessKey == null ? "not set" : "set")
                + ", secretKey=" + (secretKey == null ? "not set" : "set") + ", pathStyle=" + pathStyle + ", requestTimeout=" + requestTimeout
                + ", versions=" + versions.name().toLowerCase(Locale.ROOT) + "]";
    }
}
