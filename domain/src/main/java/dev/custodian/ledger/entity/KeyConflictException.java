package dev.custodian.ledger.entity;

import java.util.UUID;

/** The key is already held by a live record (and the caller did not ask to replace it). */
public class KeyConflictException extends LedgerException {

    private final String key;

    public KeyConflictException(UUID holder, String key, String message) {
        super(holder, message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
