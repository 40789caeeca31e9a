package dev.custodian.api;

import dev.custodian.validation.Violation;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * RFC 9457 problem details. Every error response of the API is built here, so each carries a
 * {@code urn:uuid} instance that the log line of the same failure repeats.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://custodian.dev/problems/";

    private Problems() {
    }

    /** A fresh instance id; log it with the failure. */
    public static String newInstance() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    public static Response response(int status, String type, String title, String detail, String instance) {
        return response(status, type, title, detail, instance, List.of());
    }

    public static Response response(int status, String type, String title, String detail, String instance,
                                    List<Violation> violations) {
        return response(status, type, title, detail, instance, violations, Map.of());
    }

    /** A problem with extension members (RFC 9457 §3.2), each a list of strings, such as the users of an ambiguous owner. */
    public static Response response(int status, String type, String title, String detail, String instance,
                                    List<Violation> violations, Map<String, List<String>> members) {
        JsonObjectBuilder body = JsonFields.JSON.createObjectBuilder()
                .add("type", TYPE_BASE + type)
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail)
                .add("instance", instance);
        if (!violations.isEmpty()) {
            JsonArrayBuilder errors = JsonFields.JSON.createArrayBuilder();
            violations.forEach(v -> errors.add(JsonFields.JSON.createObjectBuilder()
                    .add("field", v.field()).add("message", v.message())));
            body.add("errors", errors);
        }
        members.forEach((name, values) -> body.add(name, JsonFields.JSON.createArrayBuilder(values)));
        return Response.status(status).type(MEDIA_TYPE).entity(body.build().toString()).build();
    }
}
