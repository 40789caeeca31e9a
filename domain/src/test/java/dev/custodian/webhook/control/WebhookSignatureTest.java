package dev.custodian.webhook.control;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    @Test
    void isTheHexHmacSha256OfTheTimestampADotAndTheBody() throws Exception {
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        Mac receiver = Mac.getInstance("HmacSHA256");
        receiver.init(new SecretKeySpec("0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(receiver.doFinal(
                ("1796600000." + "{\"id\":\"1\"}").getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSignature.of("0123456789abcdef", "1796600000", body)).isEqualTo(expected);
    }

    @Test
    void changesWithEveryByteOfTheBodyTheTimestampAndTheSecret() {
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.of("0123456789abcdef", "1796600000", body);
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
        assertThat(WebhookSignature.of("0123456789abcdef", "1796600000", other)).isNotEqualTo(signature);
        assertThat(WebhookSignature.of("0123456789abcdef", "1796600001", body)).as("a replay with a fresh timestamp")
                .isNotEqualTo(signature);
        assertThat(WebhookSignature.of("0123456789abcdeF", "1796600000", body)).isNotEqualTo(signature);
    }
}
