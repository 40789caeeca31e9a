package dev.custodian.usage.entity;

/** Which records a usage report covers; null fields do not filter. */
public record UsageFilter(String userId, String projectId) {
}
