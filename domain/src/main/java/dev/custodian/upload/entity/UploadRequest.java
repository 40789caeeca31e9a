package dev.custodian.upload.entity;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.RetentionClass;

/**
 * What a client says about an object it stores: the owner fields and name (from which the key is
 * built), and the ledger attributes.
 *
 * @param metadataJson a JSON object as text, already checked to be one
 */
public record UploadRequest(KeyParts owner, String contentType, RetentionClass retentionClass, String jobId,
                            String metadataJson) {
}
