package dev.custodian.quota.entity;

/**
 * A user's quota and what counts against it: active objects and pending claims.
 *
 * @param maxBytes null when the user has no quota
 */
public record QuotaUse(Long maxBytes, long usedBytes, long objects) {
}
