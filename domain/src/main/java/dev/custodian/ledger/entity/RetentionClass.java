package dev.custodian.ledger.entity;

import dev.custodian.persistence.TextEnums;

/** How long an object is meant to live. */
public enum RetentionClass {
    /** A processing artefact: removed when its job completes. */
    TEMPORARY,
    /** A user-facing output such as a clip: kept for the final retention period. */
    FINAL,
    /** Kept until its owner is deleted. */
    STANDARD;

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static RetentionClass fromWireName(String name) {
        return TextEnums.fromWireName(RetentionClass.class, name);
    }
}
