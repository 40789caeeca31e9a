package dev.custodian.blackbox;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With production's default, a webhook cannot point into the service's own network: loopback
 * (the database's port), link-local (cloud metadata), private and unspecified addresses are
 * refused when the webhook is registered, and nothing is stored.
 */
class WebhookDestinationsIT {

    private static CustodianServer server;

    @BeforeAll
    static void startWithTheDefault() {
        server = CustodianServer.withSettings(Map.of("CUSTODIAN_WEBHOOKS_ALLOW_PRIVATE_NETWORK", "false"));
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void destinationsInsideTheNetworkAreRefusedByName() {
        Api admin = Api.asAdmin(server);
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
}
