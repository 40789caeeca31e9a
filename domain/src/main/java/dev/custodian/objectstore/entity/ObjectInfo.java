package dev.custodian.objectstore.entity;

import java.time.Instant;

/**
 * One object as the store reports it.
 *
 * @param contentType null when the store does not say (listings never carry it)
 * @param versionId   the version this is, when the bucket keeps versions and the store said which
 *                    ("null" for one written while versioning was suspended); null on an unversioned
 *                    bucket and in listings of current objects
 */
public record ObjectInfo(String key, long sizeBytes, String etag, Instant lastModified, String contentType,
                         String versionId) {

    /**
     * Whether {@code other} (a copy of this object, or what sits where one should be) holds the
     * same bytes: the same size and ETag; a multipart ETag (with {@code -}) changes in a copy, so
     * only the sizes compare then.
     */
    public boolean sameBytesAs(ObjectInfo other) {
        if (sizeBytes != other.sizeBytes()) {
            return false;
        }
        boolean multipart = etag == null || etag.contains("-");
        return multipart || etag.equals(other.etag());
    }
}
