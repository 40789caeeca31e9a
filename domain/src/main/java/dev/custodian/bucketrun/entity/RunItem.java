package dev.custodian.bucketrun.entity;

import java.util.UUID;

/**
 * One key a run looked at and what became of it ({@code outcome}); {@code targetKey} is where a
 * migration moves it. Unused fields are null.
 */
public record RunItem(String key, ItemOutcome outcome, String targetKey, UUID objectId, Long sizeBytes, String etag,
                      String detail) {

    public static RunItem of(String key, ItemOutcome outcome) {
        return new RunItem(key, outcome, null, null, null, null, null);
    }
}
