package dev.custodian.deletion.entity;

import java.util.UUID;

/** The family of deletion failures; each names the deletion it is about, if there is one. */
public abstract class DeletionException extends RuntimeException {

    private final UUID deletionId;

    protected DeletionException(UUID deletionId, String message) {
        super(message);
        this.deletionId = deletionId;
    }

    public UUID deletionId() {
        return deletionId;
    }
}
