package dev.custodian.ear;

import dev.custodian.blackbox.Readiness;
import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code custodian.ear} on Payara Server, configured only through the environment: it deploys,
 * becomes ready and serves the API behind its token check.
 */
class EarSmokeIT {

    private static final String ADMIN_TOKEN = "ear-admin-token-0123456789";
    private static final String APP_TOKEN = "ear-app-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theEarDeploysOnPayaraServerAndServesTheApi() {
        try (PayaraDomain domain = PayaraDomain.create(Path.of(property("custodian.test.payara-server")))) {
            try {
                domain.start(environment());
                domain.deploy(Path.of(property("custodian.test.ear")));
                awaitReady(domain, Duration.ofSeconds(60));
                assertThat(domain.logTail(100_000)).as("the configured timers exist on Payara Server too")
                        .contains("custodian.maintenance.schedule = '0 3 * * *' (UTC), next run");

                HttpResponse<String> listed = get(domain, "/api/v1/objects", ADMIN_TOKEN);
                assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
                assertThat(json(listed)).hasEntrySatisfying("items", items -> assertThat(items).isInstanceOf(JsonArray.class));

                HttpResponse<String> anonymous = get(domain, "/api/v1/objects", null);
                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));

                // the console and its libraries are the WAR's own files, served by the EAR's skinny WAR too
                HttpResponse<String> console = get(domain, "/console/", null);
                assertThat(console.statusCode()).isEqualTo(200);
                assertThat(console.body()).contains("Custodian console");
                HttpResponse<String> libraries = get(domain, "/console/lib.js", null);
                assertThat(libraries.statusCode()).isEqualTo(200);
                String litHtml = libraries.body().replaceAll("(?s).*from '(/webjars/lit-html/[^']+)'.*", "$1");
                assertThat(get(domain, litHtml, null).statusCode()).as(litHtml).isEqualTo(200);
            } catch (RuntimeException | AssertionError failure) {
                System.err.println("--- Payara Server log, last lines ---\n" + domain.logTail(150));
                throw failure;
            }
        }
    }

    /** Everything the application reads, as CustodianServer gives the uber jar. */
    private static Map<String, String> environment() {
        PostgresDatabase database = PostgresDatabase.shared();
        S3ProxyServer s3 = S3ProxyServer.shared();
        return Map.of(
                "CUSTODIAN_DB_URL", database.jdbcUrl(),
                "CUSTODIAN_DB_USER", database.user(),
                "CUSTODIAN_S3_ENDPOINT", s3.endpoint(),
                "CUSTODIAN_S3_BUCKET", S3ProxyServer.BUCKET,
                "CUSTODIAN_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY,
                "CUSTODIAN_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY,
                "CUSTODIAN_AUTH_TOKENS", "admin:" + ADMIN_TOKEN + ",app:" + APP_TOKEN);
    }

    /** Up only when the database and bucket answer and tokens are set: the server JVM inherited start-domain's environment. */
    private static void awaitReady(PayaraDomain domain, Duration limit) {
        Readiness.await(domain.uri("/health/ready"), limit, () -> true, "the Payara Server log below");
    }

    private static HttpResponse<String> get(PayaraDomain domain, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(domain.uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set (run the tests through Maven)");
        }
        return value;
    }
}
