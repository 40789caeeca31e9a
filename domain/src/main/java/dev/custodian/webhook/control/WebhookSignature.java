package dev.custodian.webhook.control;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The {@code X-Custodian-Signature} of a delivery: {@code sha256=} and the lower-case hex
 * HMAC-SHA256, keyed with the webhook's secret (its UTF-8 bytes), of the {@code
 * X-Custodian-Timestamp} value, a '.', and the raw body bytes. A receiver recomputes it over what it
 * received, before parsing, compares in constant time, and refuses a timestamp older than a few
 * minutes: a captured delivery cannot be replayed later with a fresh timestamp.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Custodian-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    public static String of(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // every Java SE runtime has HmacSHA256, and any non-empty key suits it
            throw new IllegalStateException("cannot compute " + ALGORITHM, e);
        }
    }
}
