package dev.custodian.ledger.entity;

import dev.custodian.objectstore.entity.PresignedRequest;

/** An announced direct upload: the pending record and the request that stores its bytes. */
public record UploadIntent(StoredObject object, PresignedRequest upload) {
}
