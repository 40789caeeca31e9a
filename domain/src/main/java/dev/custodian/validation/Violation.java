package dev.custodian.validation;

import java.util.Objects;

/**
 * One broken input rule.
 *
 * @param field   the snake_case name the client used for the value, e.g. {@code project_id}
 * @param message what the value must be, phrased to follow the field name
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + " " + message;
    }
}
