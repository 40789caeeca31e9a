package dev.custodian.deletion.entity;

import java.util.UUID;

/** The owner an upload names was deleted (tombstoned): nothing may be stored for it any more. */
public class OwnerDeletedException extends DeletionException {

    public OwnerDeletedException(UUID deletionId, String owner) {
        super(deletionId, owner + " was deleted by deletion " + deletionId + "; nothing can be stored for it");
    }
}
