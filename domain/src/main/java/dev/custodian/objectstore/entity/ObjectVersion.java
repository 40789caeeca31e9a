package dev.custodian.objectstore.entity;

import java.time.Instant;

/**
 * One version of a key, or one delete marker, as the store lists it.
 *
 * @param versionId   "null" for the version written while versioning was off or suspended; null
 *                    when the bucket keeps no versions (its objects are listed as they are)
 * @param deleteMarker a marker that hides the key's earlier versions; it has no bytes and no etag
 * @param latest      the key's current version (or marker)
 * @param sizeBytes   0 for a delete marker
 * @param etag        null for a delete marker
 */
public record ObjectVersion(String key, String versionId, boolean deleteMarker, boolean latest, long sizeBytes,
                            String etag, Instant lastModified) {

    /** The only version an object of a store without versioning has. */
    public static ObjectVersion current(ObjectInfo object) {
        return new ObjectVersion(object.key(), object.versionId(), false, true, object.sizeBytes(), object.etag(),
                object.lastModified());
    }
}
