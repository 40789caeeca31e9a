package dev.custodian.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Map;

/** Turns an API error answer (RFC 9457 problem details, or anything else) into lines an operator can act on. */
final class Problems {

    /** The API's field names whose flag is not simply the field with dashes. */
    private static final Map<String, String> RENAMED = Map.of(
            "key_prefix", "--prefix",
            "orphan_min_age_days", "--min-age-days",
            "user_id", "--user",
            "project_id", "--project");

    private static final int SHOWN = 300;

    private Problems() {
    }

    /**
     * @param retryAfter the {@code Retry-After} header, shown for 429 and 503
     */
    static String describe(int status, String path, String body, String retryAfter) {
        StringBuilder text = new StringBuilder();
        JsonObject problem = problem(body);
        if (problem == null) {
            text.append(status).append(" from ").append(path).append(": ").append(abbreviate(body));
        } else {
            text.append(status).append(' ').append(problem.getString("title", "error"));
            String detail = problem.getString("detail", null);
            if (detail != null) {
                text.append(": ").append(detail);
            }
            if (problem.get("errors") instanceof jakarta.json.JsonArray errors) {
                for (JsonValue error : errors) {
                    JsonObject fieldError = error.asJsonObject();
                    String field = fieldError.getString("field", "");
                    text.append("\n  ").append(field).append(" (").append(flag(field)).append("): ")
                            .append(fieldError.getString("message", ""));
                }
            }
            String instance = problem.getString("instance", null);
            if (instance != null) {
                text.append("\n  instance: ").append(instance);
            }
        }
        if (retryAfter != null && (status == 429 || status == 503)) {
            text.append("\n  retry after ").append(retryAfter).append(" s");
        }
        if (status == 401) {
            text.append("\n  check the token (CUSTODIAN_TOKEN or --token)");
        }
        return text.toString();
    }

    /** The flag that sets an API field. */
    static String flag(String field) {
        return RENAMED.getOrDefault(field, "--" + field.replace('_', '-'));
    }

    static String abbreviate(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return line.length() <= SHOWN ? line : line.substring(0, SHOWN) + "…";
    }

    private static JsonObject problem(String body) {
        try {
            return Api.json(body);
        } catch (Failure notJson) {
            return null;
        }
    }
}
