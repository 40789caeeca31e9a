package dev.custodian.blackbox;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input for every operation the service's own OpenAPI document describes, so an endpoint
 * added later is covered without a test of its own: odd path ids, a NUL and an oversize value in
 * every query parameter, and malformed, wrongly shaped and deeply nested JSON bodies. Every answer
 * must be a 4xx problem+json, never a 5xx, and nothing here is a valid request that could change
 * anything.
 */
class BadInputIT {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** Ids no path parameter accepts (of users, projects, objects, runs, policies, webhooks). */
    private static final List<String> ODD_IDS = List.of("..", "a%20b", "x".repeat(300), "%E2%80%AEevil", "a%0Ab");
    /**
     * Ids the HTTP layer may refuse (400 without a body) before the application sees them: a NUL,
     * bytes that are not UTF-8; where they pass, the application answers as for any unknown id.
     */
    private static final List<String> UNDECODABLE_IDS = List.of("%00", "%FF%FE");
    private static final List<String> BAD_BODIES = List.of("{", "[]", "\"text\"", "123", "null", "{\"a\": }",
            "[".repeat(5000), "{\"a\":".repeat(5000) + "1" + "}".repeat(5000), "{\"dry_run\": {\"deep\": "
                    + "[".repeat(3000) + "]".repeat(3000) + "}}");

    private final Api admin = Api.asAdmin().overHttp11();

    private record Operation(String method, String path, List<String> queryParameters, boolean takesJson) {
    }

    @Test
    void everyOperationAnswersBadInputWithA4xxProblemNeverA5xx() {
        List<Operation> operations = operations();
        assertThat(operations).as("the document describes the API").hasSizeGreaterThan(40);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Operation operation : operations) {
            for (String target : targets(operation, ODD_IDS)) {
                check(failures, operation.method(), target, null);
                sent++;
            }
            for (String target : targets(operation, UNDECODABLE_IDS)) {
                int status = admin.send(operation.method(), target, null, new byte[0]).status();
                if (status < 400 || status >= 500) {
                    failures.add(operation.method() + " " + target + " → " + status + ", not a 4xx");
                }
            }
            String validPath = withIds(operation.path(), "00000000-0000-0000-0000-000000000000");
            for (String parameter : operation.queryParameters()) {
                for (String value : List.of("%00", "a%00b", "%01x", URLEncoder.encode("x".repeat(5000), StandardCharsets.UTF_8))) {
                    check(failures, operation.method(), validPath + "?" + parameter + "=" + value, null);
                    sent++;
                }
            }
            if (operation.takesJson()) {
                for (String body : BAD_BODIES) {
                    check(failures, operation.method(), validPath, body);
                    sent++;
                }
            }
        }
        assertThat(sent).isGreaterThan(300);
        assertThat(failures).as("answers that were not a 4xx problem+json").isEmpty();
    }

    private void check(List<String> failures, String method, String target, String body) {
        Api.Reply reply = body == null
                ? admin.send(method, target, null, new byte[0])
                : admin.send(method, target, "application/json", body.getBytes(StandardCharsets.UTF_8));
        String shown = method + " " + (target.length() > 120 ? target.substring(0, 120) + "…" : target)
                + (body == null ? "" : " body " + (body.length() > 30 ? body.substring(0, 30) + "…" : body));
        if (reply.status() >= 500) {
            failures.add(shown + " → " + reply.status() + " " + abbreviated(reply.body()));
        } else if (reply.status() >= 400 && !String.valueOf(reply.contentType()).startsWith("application/problem+json")) {
            failures.add(shown + " → " + reply.status() + " as " + reply.contentType());
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** The operation's path with each of the ids in every path parameter. */
    private static Set<String> targets(Operation operation, List<String> ids) {
        Set<String> targets = new LinkedHashSet<>();
        if (!operation.path().contains("{")) {
            return targets;
        }
        for (String odd : ids) {
            targets.add(withIds(operation.path(), odd));
        }
        return targets;
    }

    private static String withIds(String path, String id) {
        Matcher matcher = PATH_PARAMETER.matcher(path);
        return matcher.replaceAll(Matcher.quoteReplacement(id));
    }

    private List<Operation> operations() {
        Api.Reply document = Api.withToken(null).get("/openapi?format=JSON");
        assertThat(document.status()).isEqualTo(200);
        JsonObject paths;
        try (var reader = Json.createReader(new StringReader(document.body()))) {
            paths = reader.readObject().getJsonObject("paths");
        }
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonValue> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonValue> method : path.getValue().asJsonObject().entrySet()) {
                if (!Set.of("get", "post", "put", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                JsonObject operation = method.getValue().asJsonObject();
                List<String> query = new ArrayList<>();
                if (operation.containsKey("parameters")) {
                    for (JsonObject parameter : operation.getJsonArray("parameters").getValuesAs(JsonObject.class)) {
                        if ("query".equals(parameter.getString("in", ""))) {
                            query.add(parameter.getString("name"));
                        }
                    }
                }
                JsonObject content = operation.containsKey("requestBody")
                        ? operation.getJsonObject("requestBody").getJsonObject("content") : null;
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), query,
                        content != null && content.containsKey("application/json")));
            }
        }
        return operations;
    }
}
