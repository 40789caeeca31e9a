package dev.custodian.objectstore.entity;

import java.util.Locale;

/** Why the store refused to erase a version: Object Lock protects it. */
public enum HoldReason {
    /** A legal hold is on: nobody may delete the version until it is lifted, whatever the retention. */
    LEGAL_HOLD,
    /** Retention in governance mode until a date: only a delete that bypasses governance may remove it. */
    RETENTION_GOVERNANCE,
    /** Retention in compliance mode until a date: nobody, not even the root account, may remove it before. */
    RETENTION_COMPLIANCE;

    /** {@code legal_hold}, {@code retention_governance}, {@code retention_compliance}: for audit and receipts. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
