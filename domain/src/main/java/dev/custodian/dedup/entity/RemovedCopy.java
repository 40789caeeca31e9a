package dev.custodian.dedup.entity;

import java.util.UUID;

/** A key a duplicate removal deleted, the record it kept instead, and the deletion that did it. */
public record RemovedCopy(String removedKey, UUID keptId, UUID deletionId) {
}
