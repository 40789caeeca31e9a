package dev.custodian.api;

import dev.custodian.validation.ValidationException;

import java.util.UUID;

/** Ids in paths are UUIDs; anything else is a 400 naming the field, not a 404. */
public final class PathIds {

    private PathIds() {
    }

    public static UUID parse(String id) {
        try {
            if (id.length() != 36) {
                throw new IllegalArgumentException(id);
            }
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("id", "must be a UUID");
        }
    }
}
