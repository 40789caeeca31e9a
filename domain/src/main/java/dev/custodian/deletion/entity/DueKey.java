package dev.custodian.deletion.entity;

import java.util.UUID;

/** A ledger row the drain has claimed: its key is to be deleted for the deletion named. */
public record DueKey(UUID objectId, String key, UUID deletionId, int attempts) {
}
