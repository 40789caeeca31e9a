package dev.custodian.api;

import dev.custodian.validation.ValidationException;

/** Boolean query parameters: absent is false, and only "true" or "false" are accepted. */
public final class QueryFlags {

    private QueryFlags() {
    }

    public static boolean flag(String field, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ValidationException(field, "must be true or false");
    }
}
