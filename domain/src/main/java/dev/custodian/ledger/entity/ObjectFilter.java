package dev.custodian.ledger.entity;

/**
 * What a list of records is narrowed to; null fields do not narrow.
 *
 * @param keyPrefix a literal key prefix (no wildcards)
 */
public record ObjectFilter(String userId, String projectId, String sceneId, String fileType, ObjectState state,
                           RetentionClass retentionClass, String jobId, String keyPrefix) {
}
