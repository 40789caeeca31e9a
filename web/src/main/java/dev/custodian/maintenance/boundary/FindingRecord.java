package dev.custodian.maintenance.boundary;

import dev.custodian.maintenance.entity.Finding;

import java.time.Instant;

/** One finding: API.md's fields, and what an executing run did with it. */
public record FindingRecord(String kind, String key, long sizeBytes, Instant createdAt, boolean actionable,
                            String outcome, String detail) {

    static FindingRecord of(Finding finding) {
        return new FindingRecord(finding.kind().wireName(), finding.key(), finding.sizeBytes(), finding.createdAt(),
                finding.actionable(), finding.outcome() == null ? null : finding.outcome().wireName(), finding.detail());
    }
}
