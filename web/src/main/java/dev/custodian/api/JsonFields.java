package dev.custodian.api;

import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON request body field by field, collecting every type error as a violation named
 * after its field instead of failing on the first. Unknown fields are violations too: a typo in a
 * field name must not silently fall back to a default.
 */
public final class JsonFields {

    /**
     * The JSON-P provider, looked up once: every {@code Json.create…} call searches the class path
     * for it again, which cost the upload path more CPU than building its response.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private final JsonObject body;
    private final Violations violations;

    /** Reads a request body, which must be a JSON object (an empty body counts as {}). */
    public JsonFields(JsonValue body, Violations violations, Set<String> known) {
        if (body != null && !(body instanceof JsonObject)) {
            throw new ValidationException("body", "must be a JSON object");
        }
        this.body = body == null ? JsonValue.EMPTY_JSON_OBJECT : body.asJsonObject();
        this.violations = violations;
        Set<String> unknown = new TreeSet<>(this.body.keySet());
        unknown.removeAll(known);
        unknown.forEach(name -> violations.add(name, "is not a known field"));
    }

    public String string(String name) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        violations.add(name, "must be a string");
        return null;
    }

    /** A body field that repeats a path parameter (a PUT's name) may be left out, but must not differ from it. */
    public void sameAsPath(String name, String inPath) {
        String value = string(name);
        if (value != null && !value.equals(inPath)) {
            violations.add(name, "must match the " + name + " in the path");
        }
    }

    public Long integer(String name) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                violations.add(name, "is out of range");
                return null;
            }
        }
        violations.add(name, "must be an integer");
        return null;
    }

    public Boolean bool(String name) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        violations.add(name, "must be true or false");
        return null;
    }

    /** A list of strings; absent or null is an empty list. */
    public java.util.List<String> strings(String name) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return java.util.List.of();
        }
        if (value instanceof jakarta.json.JsonArray array
                && array.stream().allMatch(item -> item instanceof JsonString)) {
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        violations.add(name, "must be a list of strings");
        return java.util.List.of();
    }

    /** A list of JSON objects; absent or null is an empty list. */
    public java.util.List<JsonObject> objects(String name) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return java.util.List.of();
        }
        if (value instanceof jakarta.json.JsonArray array
                && array.stream().allMatch(item -> item instanceof JsonObject)) {
            return array.getValuesAs(JsonObject.class);
        }
        violations.add(name, "must be a list of JSON objects");
        return java.util.List.of();
    }

    public JsonObject object(String name) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        violations.add(name, "must be a JSON object");
        return null;
    }

    /** Parses text that must hold a JSON object (a form field carrying JSON); null stays null. */
    public static JsonObject parseObject(String text, String field, Violations violations) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (JsonDepth.tooDeep(text)) {
            violations.add(field, "nests deeper than " + JsonDepth.MAX + " levels");
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (JsonException e) {
            violations.add(field, "is not valid JSON");
            return null;
        }
        violations.add(field, "must be a JSON object");
        return null;
    }
}
