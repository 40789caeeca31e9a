package dev.custodian.ledger.boundary;

import dev.custodian.validation.ValidationException;

import java.util.UUID;

/** Object ids in paths are UUIDs; anything else is a 400 naming the field, not a 404. */
final class ObjectIds {

    private ObjectIds() {
    }

    static UUID parse(String id) {
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
