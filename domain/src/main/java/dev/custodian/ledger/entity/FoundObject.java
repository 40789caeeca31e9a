package dev.custodian.ledger.entity;

import dev.custodian.keys.entity.KeyParts;

import java.time.Instant;

/** An object found in the bucket that the ledger lacks, with the owner its key was read as. */
public record FoundObject(String key, KeyParts owner, long sizeBytes, String etag, String contentType,
                          Instant lastModified) {
}
