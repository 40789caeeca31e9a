package dev.custodian.ledger.entity;

import java.util.UUID;

/** The family of ledger failures; each names the object it is about, when there is one. */
public abstract class LedgerException extends RuntimeException {

    private final UUID objectId;

    protected LedgerException(UUID objectId, String message) {
        super(message);
        this.objectId = objectId;
    }

    /** The record this is about, or null when the call never reached one. */
    public UUID objectId() {
        return objectId;
    }
}
