package dev.custodian.ledger.entity;

import java.util.UUID;

/** No record with this id (or none in the state the call needs). */
public class ObjectNotFoundException extends LedgerException {

    public ObjectNotFoundException(UUID id) {
        super(id, "no object " + id);
    }
}
