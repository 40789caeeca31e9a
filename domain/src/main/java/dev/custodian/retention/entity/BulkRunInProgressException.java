package dev.custodian.retention.entity;

import java.util.UUID;

/** Another bulk cleanup is filling its deletion: one run at a time, so that no two together pass their caps. */
public class BulkRunInProgressException extends RuntimeException {

    private final UUID deletionId;

    public BulkRunInProgressException(UUID deletionId) {
        super("another bulk cleanup is running (deletion " + deletionId + "); try again when it has finished");
        this.deletionId = deletionId;
    }

    public UUID deletionId() {
        return deletionId;
    }
}
