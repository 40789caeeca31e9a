package dev.custodian.quota.entity;

import dev.custodian.validation.ValidationException;

/**
 * The most bytes a user may have stored (active objects and uploads in progress). A quota may be
 * lowered below what is in use: nothing is deleted, only further uploads are refused.
 */
public record Quota(String userId, long maxBytes) {

    public static final String MAX_BYTES_RULE = "must be a whole number of at least 0";

    public Quota {
        if (maxBytes < 0) {
            throw new ValidationException("max_bytes", MAX_BYTES_RULE);
        }
    }

    /** Whether {@code requestedBytes} more fit; no overflow, whatever the numbers. */
    public boolean admits(long usedBytes, long requestedBytes) {
        return requestedBytes <= 0 || requestedBytes <= maxBytes - usedBytes;
    }

    /** Refuses what does not fit. */
    public void requireRoom(long usedBytes, long requestedBytes) {
        if (!admits(usedBytes, requestedBytes)) {
            throw new QuotaExceededException(userId, maxBytes, usedBytes, requestedBytes);
        }
    }
}
