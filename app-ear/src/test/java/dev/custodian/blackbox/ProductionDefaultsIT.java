package dev.custodian.blackbox;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety settings at production's defaults, which the other tests' servers relax: webhooks
 * may not point into the service's own network, and each token has a budget of calls a minute
 * for the expensive and destructive operations.
 */
class ProductionDefaultsIT {

    /** A second admin token: budgets are per token. */
    private static final String OTHER_ADMIN_TOKEN = "it-other-admin-token-0123456789";

    @RegisterExtension
    static final OwnServer SERVER = new OwnServer(Map.of("CUSTODIAN_WEBHOOKS_ALLOW_PRIVATE_NETWORK", "false",
            "CUSTODIAN_RATE_LIMIT_PER_MINUTE", "30",
            "CUSTODIAN_AUTH_TOKENS", "admin:" + CustodianServer.ADMIN_TOKEN + ",admin:" + OTHER_ADMIN_TOKEN
                    + ",app:" + CustodianServer.APP_TOKEN));

    /**
     * A webhook cannot point into the service's own network: loopback (the database's port),
     * link-local (cloud metadata), private and unspecified addresses are refused when the webhook
     * is registered, and nothing is stored.
     */
    @Test
    void destinationsInsideTheNetworkAreRefusedByName() {
        Api admin = Api.asAdmin(SERVER.get());
        List<String> inside = List.of("http://127.0.0.1:5432/", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:8080/hook", "http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://0.0.0.0/hook",
                "http://localhost:9000/hook", "http://[::ffff:127.0.0.1]/hook", "http://[fd00::1]/hook");
        for (String url : inside) {
            String body = "{\"url\": \"" + url + "\", \"events\": [\"deletion.completed\"],"
                    + " \"secret\": \"0123456789abcdef0123\"}";
            Api.Reply reply = admin.send("PUT", "/api/v1/webhooks/inside", "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(reply.status()).as(url + " " + reply).isEqualTo(400);
            JsonObject error = reply.json().getJsonArray("errors").getJsonObject(0);
            assertThat(error.getString("field")).isEqualTo("url");
            assertThat(error.getString("message")).contains("allow-private-network");
        }
        assertThat(admin.get("/api/v1/webhooks/inside").status()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void aTokenGetsThirtyClearsAMinuteThen429WithRetryAfterWhileOthersAndOtherOperationsGoOn() {
        Api admin = Api.asAdmin(SERVER.get());
        for (int i = 0; i < 30; i++) {
            Api.Reply reply = admin.postJson("/api/v1/admin/clear", "{}");
            assertThat(reply.status()).as("call " + (i + 1) + " " + reply).isEqualTo(400);
        }
        Api.Reply refused = admin.postJson("/api/v1/admin/clear", "{}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().getString("type")).endsWith("/rate-limited");
        assertThat(refused.json().getString("detail")).contains("clear 30 times a minute");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 120);
        assertThat(Api.of(SERVER.get(), OTHER_ADMIN_TOKEN).postJson("/api/v1/admin/clear", "{}").status())
                .as("another token has its own budget").isEqualTo(400);
        assertThat(admin.postJson("/api/v1/admin/backfill", "{\"surprise\": 1}").status())
                .as("another operation has its own budget").isEqualTo(400);
        assertThat(admin.get("/api/v1/admin/clear/" + UUID.randomUUID()).status())
                .as("reading a run is not limited").isEqualTo(404);
    }

    @Test
    void ownerDeletionsAreAnAppsNormalPathAndHaveNoBudgetByDefault() {
        Api app = Api.of(SERVER.get(), CustodianServer.APP_TOKEN);
        for (int i = 0; i < 40; i++) {
            Api.Reply reply = app.delete("/api/v1/users/nobody-" + i + "?dry_run=true");
            assertThat(reply.status()).as("call " + (i + 1) + " " + reply).isLessThan(300);
        }
    }
}
