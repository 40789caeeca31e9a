package dev.custodian.webhook.control;

import dev.custodian.validation.Violation;
import dev.custodian.webhook.entity.WebhookSubscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhooksTest {

    private static final String SECRET = "0123456789abcdef";

    private static List<String> fields(String name, String url, List<String> events, String secret) {
        return Webhooks.validate(name, new WebhookSubscription(url, events, secret)).list().stream()
                .map(Violation::field).toList();
    }

    @Test
    void aWellFormedWebhookPasses() {
        assertThat(fields("ops", "https://hooks.example.com/custodian?team=1", List.of("deletion.completed",
                "quota.exceeded"), SECRET)).isEmpty();
        assertThat(fields("local.receiver-1", "http://127.0.0.1:8080/", List.of("cleanup.completed"), SECRET)).isEmpty();
    }

    @Test
    void onlyAbsoluteHttpOrHttpsUrlsWithAHostAreTaken() {
        for (String url : List.of("ftp://example.com/x", "file:///etc/passwd", "/relative/path", "example.com/x",
                "http:///nohost", "https://exa mple.com/", "javascript:alert(1)", "https://example.com/#frag")) {
            assertThat(fields("ops", url, List.of("deletion.completed"), SECRET)).as(url).containsExactly("url");
        }
        assertThat(fields("ops", null, List.of("deletion.completed"), SECRET)).containsExactly("url");
    }

    @Test
    void eventsMustBeKnownAndAtLeastOne() {
        assertThat(fields("ops", "https://example.com/", List.of(), SECRET)).containsExactly("events");
        assertThat(fields("ops", "https://example.com/", List.of("deletion.completed", "deletion.started"), SECRET))
                .containsExactly("events");
    }

    @Test
    void theSecretMustBeAtLeastSixteenCharacters() {
        assertThat(fields("ops", "https://example.com/", List.of("deletion.failed"), "short-secret")).containsExactly(
                "secret");
        assertThat(fields("ops", "https://example.com/", List.of("deletion.failed"), null)).containsExactly("secret");
    }

    @Test
    void theNameFollowsTheIdRulesAndEveryBadFieldIsNamedAtOnce() {
        assertThat(fields("..", "https://example.com/", List.of("deletion.failed"), SECRET)).containsExactly("name");
        assertThat(fields("a b", "gopher://x", List.of("nope"), "x")).containsExactly("name", "url", "events", "secret");
    }
}
