package dev.custodian.webhook.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * An event's {@code data} from plain Java values: strings, numbers, booleans, null, maps with
 * string keys and collections as themselves; anything else (an {@code Instant}, a {@code UUID}) as
 * its {@code toString}, which is RFC 3339 for instants. Keys keep the map's order.
 */
final class WebhookPayload {

    private WebhookPayload() {
    }

    static JsonObject of(Map<String, ?> data) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        data.forEach((name, value) -> object.add(name, value(value)));
        return object.build();
    }

    private static JsonValue value(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof Boolean flag) {
            return flag ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Json.createValue(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return Json.createValue(big);
        }
        if (value instanceof BigDecimal decimal) {
            return Json.createValue(decimal);
        }
        if (value instanceof Number number) {
            return Json.createValue(number.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            map.forEach((name, item) -> object.add(String.valueOf(name), value(item)));
            return object.build();
        }
        if (value instanceof Collection<?> items) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            items.forEach(item -> array.add(value(item)));
            return array.build();
        }
        return Json.createValue(value.toString());
    }
}
