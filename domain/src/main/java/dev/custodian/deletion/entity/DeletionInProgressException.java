package dev.custodian.deletion.entity;

import java.util.UUID;

/** The action needs the deletion to have finished, and it has not. */
public class DeletionInProgressException extends DeletionException {

    public DeletionInProgressException(UUID deletionId, String action) {
        super(deletionId, "deletion " + deletionId + " has not finished: " + action);
    }
}
