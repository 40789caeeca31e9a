package dev.custodian.blackbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration stops start-up with a message that names the key. */
class ConfigurationIT {

    @Test
    void anInvalidCronScheduleStopsStartUpNamingTheKey() throws Exception {
        assertStartUpStops(Map.of("CUSTODIAN_RETENTION_SCHEDULE", "0 25 * * *"),
                "custodian.retention.schedule must be a cron expression such as '0 3 * * *' (UTC):"
                        + " '0 25 * * *' hour value 25 is outside 0..23");
    }

    @Test
    void oneTokenForTwoRolesStopsStartUpNamingTheKeyButNotTheToken() throws Exception {
        String token = "it-twice-token-0123456789";
        String log = assertStartUpStops(Map.of("CUSTODIAN_AUTH_TOKENS", "admin:" + token + ",app:" + token),
                "custodian.auth.tokens has the same token twice (admin and app)");
        assertThat(log).doesNotContain(token);
    }

    @Test
    void aNegativeRateLimitStopsStartUpNamingTheKey() throws Exception {
        assertStartUpStops(Map.of("CUSTODIAN_RATE_LIMIT_PER_MINUTE", "-1"),
                "custodian.rate-limit.per-minute must be 0 (no limit) or more calls a minute, is -1");
    }

    @Test
    void aMailHostWithoutASenderStopsStartUpNamingTheKey() throws Exception {
        assertStartUpStops(Map.of("CUSTODIAN_MAIL_HOST", "127.0.0.1", "CUSTODIAN_MAIL_TO", "ops@example.org"),
                "custodian.mail.from is required when custodian.mail.host is set");
    }

    /** Starts a server that must never get ready and must say why; returns its log. */
    private static String assertStartUpStops(Map<String, String> settings, String expected) throws Exception {
        CustodianServer server = CustodianServer.withSettings(settings);
        try {
            server.launch();
            Instant deadline = Instant.now().plusSeconds(180);
            while (!server.log().contains(expected) && Instant.now().isBefore(deadline)) {
                Deletions.sleep(500);
            }
            assertThat(server.log()).contains(expected);
            assertThat(readiness(server)).as("never ready").doesNotContain("\"custodian\"");
            return server.log();
        } finally {
            server.kill();
        }
    }

    private static String readiness(CustodianServer server) throws InterruptedException {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.uri("/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException notListening) {
            return "not listening";
        }
    }
}
