package dev.custodian.ledger.boundary;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.RetentionClass;
import dev.custodian.upload.entity.UploadRequest;
import dev.custodian.validation.Violations;
import jakarta.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The fields both upload calls share (multipart form fields or JSON members), read into an
 * {@link UploadRequest}. Values are checked by the domain; here only their presence and the
 * closed vocabularies.
 */
final class UploadFields {

    static final Set<String> NAMES = Set.of("user_id", "project_id", "scene_id", "file_type", "filename",
            "content_type", "retention_class", "job_id", "metadata");

    private UploadFields() {
    }

    static UploadRequest read(Function<String, String> source, JsonObject metadata, String fallbackFilename,
                              Violations violations) {
        Map<String, String> values = new HashMap<>();
        NAMES.stream().filter(name -> !name.equals("metadata")).forEach(name -> values.put(name, source.apply(name)));
        Function<String, String> field = values::get;
        String filename = field.apply("filename");
        if (filename == null) {
            filename = fallbackFilename;
        }
        if (filename == null) {
            violations.add("filename", "is required");
        }
        if (field.apply("user_id") == null) {
            violations.add("user_id", "is required");
        }
        if (field.apply("file_type") == null) {
            violations.add("file_type", "is required");
        }
        RetentionClass retentionClass = RetentionClass.STANDARD;
        String retention = field.apply("retention_class");
        if (retention != null) {
            try {
                retentionClass = RetentionClass.fromWireName(retention);
            } catch (IllegalArgumentException e) {
                violations.add("retention_class", e.getMessage());
            }
        }
        KeyParts owner = new KeyParts(field.apply("user_id"), field.apply("project_id"), field.apply("scene_id"),
                field.apply("file_type"), filename);
        return new UploadRequest(owner, field.apply("content_type"), retentionClass, field.apply("job_id"),
                metadata == null ? null : metadata.toString());
    }
}
