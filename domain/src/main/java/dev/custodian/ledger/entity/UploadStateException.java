package dev.custodian.ledger.entity;

import java.util.UUID;

/** The upload cannot move on from where it stands (not pending, or the bytes are not there). */
public class UploadStateException extends LedgerException {

    public UploadStateException(UUID objectId, String message) {
        super(objectId, message);
    }
}
