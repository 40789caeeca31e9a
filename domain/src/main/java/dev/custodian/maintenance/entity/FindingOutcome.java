package dev.custodian.maintenance.entity;

import dev.custodian.persistence.TextEnums;

/**
 * What became of a finding. {@code UNCONFIRMED} marks a candidate until a HEAD confirms it (never
 * shown); a confirmed finding has no outcome until an executing run settles it with one of the others.
 */
public enum FindingOutcome {
    UNCONFIRMED, REPORTED, TOO_YOUNG, SKIPPED_MAX_DELETE, SKIPPED_CHANGED, QUARANTINED, QUARANTINE_PENDING,
    DELETED, MARKED_MISSING, FAILED;

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static FindingOutcome fromWireName(String name) {
        return TextEnums.fromWireName(FindingOutcome.class, name);
    }
}
