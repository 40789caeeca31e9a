package dev.custodian.upload.entity;

import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.entity.PresignedRequest;

/** An announced direct upload: the pending record and the request that stores its bytes. */
public record UploadIntent(StoredObject object, PresignedRequest upload) {
}
