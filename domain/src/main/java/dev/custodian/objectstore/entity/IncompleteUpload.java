package dev.custodian.objectstore.entity;

import java.time.Instant;

/** A multipart upload that was started and neither completed nor aborted; it never shows in a listing. */
public record IncompleteUpload(String key, String uploadId, Instant initiated) {
}
