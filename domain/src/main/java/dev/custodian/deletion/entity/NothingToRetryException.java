package dev.custodian.deletion.entity;

import java.util.UUID;

/** A retry of a deletion none of whose keys failed: nothing would be queued. */
public class NothingToRetryException extends DeletionException {

    public NothingToRetryException(UUID deletionId) {
        super(deletionId, "deletion " + deletionId + " has no failed keys to retry");
    }
}
