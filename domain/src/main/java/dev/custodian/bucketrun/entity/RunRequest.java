package dev.custodian.bucketrun.entity;

/** What an admin asked a bucket run to do; unused scope fields are null. */
public record RunRequest(RunKind kind, boolean dryRun, String keyPrefix, String userId, String projectId,
                         long maxObjects) {
}
