package dev.custodian.incontainer;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The WAR deploys on Payara Micro, is ready, and answers a bad request with problem details. */
@ExtendWith(ArquillianExtension.class)
class ApplicationBootIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.custodianWar();
    }

    /** The container reports its external host name; the tests talk to it on loopback. */
    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + base.getPort() + path);
    }

    @Test
    @RunAsClient
    void isReadyWithDatabaseAndBucket() throws Exception {
        // as an orchestrator asks: each answer comes within 2 s; the first may still be warming up
        HttpResponse<String> ready = null;
        for (int attempt = 0; attempt < 30 && (ready == null || ready.statusCode() != 200); attempt++) {
            if (ready != null) {
                Thread.sleep(1000);
            }
            long asked = System.nanoTime();
            ready = HTTP.send(HttpRequest.newBuilder(uri("/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - asked)).isLessThan(java.time.Duration.ofSeconds(2));
        }
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"custodian\"").contains("\"database\":\"up\"").contains("\"bucket\":\"up\"");
    }

    @Test
    @RunAsClient
    void aMalformedIdIsAProblemNamingTheField() throws Exception {
        var reply = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/objects/not-a-uuid"))
                .header("Authorization", "Bearer " + Deployments.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.body()).contains("\"field\":\"id\"").contains("\"status\":400");
    }
}
