package dev.custodian.deletion.entity;

import java.util.UUID;

/** A CDI event: the deletion has just finished, and that is committed. */
public record DeletionFinished(UUID deletionId) {
}
