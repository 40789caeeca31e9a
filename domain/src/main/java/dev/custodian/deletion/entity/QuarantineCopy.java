package dev.custodian.deletion.entity;

import java.util.UUID;

/** A file held in the quarantine, by the key it came from: an owner's file, deleted with its owner. */
public record QuarantineCopy(UUID id, String originalKey, String quarantineKey, long sizeBytes) {
}
