package dev.custodian.webhook.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    @Test
    void isTheHexHmacSha256OfTheBodyAsInRfc4231() {
        // RFC 4231, test case 2
        assertThat(WebhookSignature.of("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void changesWithEveryByteOfTheBodyAndWithTheSecret() {
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.of("0123456789abcdef", body);
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
        assertThat(WebhookSignature.of("0123456789abcdef", other)).isNotEqualTo(signature);
        assertThat(WebhookSignature.of("0123456789abcdeF", body)).isNotEqualTo(signature);
    }
}
