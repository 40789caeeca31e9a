package dev.custodian.objectstore.entity;

import java.time.Instant;

/**
 * One object as the store reports it.
 *
 * @param contentType null when the store does not say (listings never carry it)
 */
public record ObjectInfo(String key, long sizeBytes, String etag, Instant lastModified, String contentType) {
}
