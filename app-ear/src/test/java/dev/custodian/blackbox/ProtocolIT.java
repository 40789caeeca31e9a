package dev.custodian.blackbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Conventions": auth, roles, problem details for every failure, open health and OpenAPI. */
class ProtocolIT {

    @Test
    void aMissingOrUnknownTokenIs401WithAChallenge() {
        Api.Reply missing = Api.withToken(null).get("/api/v1/objects");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(missing.contentType()).startsWith("application/problem+json");

        Api.Reply unknown = Api.withToken("guess-guess-guess-guess").get("/api/v1/objects");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).doesNotContain("guess-guess");
    }

    @Test
    void theWrongRoleIs403AndAdminMayDoEverything() {
        assertThat(Api.withToken(CustodianServer.CRON_TOKEN).get("/api/v1/objects").status()).isEqualTo(403);
        assertThat(Api.asAdmin().get("/api/v1/objects").status()).isEqualTo(200);
        assertThat(Api.asApp().get("/api/v1/objects").status()).isEqualTo(200);
    }

    @Test
    void routingErrorsAreProblemDetails() {
        Api.Reply unknownRoute = Api.asApp().get("/api/v1/nothing-here");
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(unknownRoute.contentType()).startsWith("application/problem+json");
        assertThat(unknownRoute.json().getInt("status")).isEqualTo(404);
        assertThat(unknownRoute.json().getString("instance")).startsWith("urn:uuid:");

        Api.Reply wrongMethod = Api.asApp().send("PUT", "/api/v1/objects", "application/json", new byte[0]);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");

        Api.Reply wrongType = Api.asApp().send("POST", "/api/v1/uploads", "text/plain", "hi".getBytes());
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
    }

    @Test
    void malformedJsonIs400NotA500() {
        Api.Reply reply = Api.asApp().postJson("/api/v1/uploads", "{\"user_id\": ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at dev.custodian");

        assertThat(Api.asApp().postJson("/api/v1/uploads", "[1, 2]").status()).isEqualTo(400);
    }

    @Test
    void healthAndOpenApiNeedNoToken() {
        Api.Reply ready = Api.withToken(null).get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\":\"up\"").contains("\"bucket\":\"up\"").contains("\"batch\":\"up\"");
        assertThat(Api.withToken(null).get("/health/live").status()).isEqualTo(200);

        Api.Reply openapi = Api.withToken(null).get("/openapi");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/v1/objects").contains("/api/v1/uploads/{id}/complete")
                .contains("/api/v1/projects/{project_id}").contains("/api/v1/cleanup/bulk")
                .contains("Upload a file through the service").contains("bearer").contains("Problem");
    }

    @Test
    void theContractStillSaysLimitIsAWholeNumber() {
        Api.Reply openapi = Api.withToken(null).get("/openapi?format=JSON");
        assertThat(openapi.status()).isEqualTo(200);
        var limit = openapi.json().getJsonObject("paths").getJsonObject("/api/v1/objects").getJsonObject("get")
                .getJsonArray("parameters").getValuesAs(jakarta.json.JsonObject.class).stream()
                .filter(p -> p.getString("name").equals("limit")).findFirst().orElseThrow();
        assertThat(limit.getJsonObject("schema").getString("type")).isEqualTo("integer");
        assertThat(limit.getJsonObject("schema").getInt("maximum")).isEqualTo(1000);
    }
}
