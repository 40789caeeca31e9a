package dev.custodian.ledger.entity;

import java.util.UUID;

/** No record with this id (or none in the state the call needs). */
public class ObjectNotFoundException extends LedgerException {

    public ObjectNotFoundException(UUID id) {
        super(id, "no object " + id);
    }

    /** No record holds the key, nor moved away from it. */
    public static ObjectNotFoundException byKey(String key) {
        return new ObjectNotFoundException(null, "no record holds key " + key);
    }

    private ObjectNotFoundException(UUID id, String message) {
        super(id, message);
    }
}
