package dev.custodian.ledger.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.ledger.entity.StoredObject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;

/** A ledger row as the API shows it. */
public record ObjectRecord(UUID id, String bucket, String key, String userId, String projectId, String sceneId,
                           String fileType, String filename, String contentType, Long sizeBytes, String etag,
                           String retentionClass, String jobId, JsonObject metadata, String state,
                           Instant createdAt, Instant updatedAt, Instant expiresAt, UUID deletionId) {

    public static ObjectRecord of(StoredObject o) {
        JsonObject metadata = JsonValue.EMPTY_JSON_OBJECT; // most records carry none: nothing to parse
        if (!"{}".equals(o.metadataJson())) {
            try (var reader = JsonFields.JSON.createReader(new StringReader(o.metadataJson()))) {
                metadata = reader.readObject();
            }
        }
        return new ObjectRecord(o.id(), o.bucket(), o.key(), o.userId(), o.projectId(), o.sceneId(), o.fileType(),
                o.filename(), o.contentType(), o.sizeBytes(), o.etag(), o.retentionClass().wireName(), o.jobId(),
                metadata, o.state().wireName(), o.createdAt(), o.updatedAt(), o.expiresAt(), o.deletionId());
    }
}
