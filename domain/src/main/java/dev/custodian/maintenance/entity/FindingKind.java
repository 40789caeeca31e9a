package dev.custodian.maintenance.entity;

import dev.custodian.persistence.TextEnums;

/** What a run found: a file in the bucket without a live record, or an active record without its object. */
public enum FindingKind {
    ORPHANED_FILE, ORPHANED_RECORD;

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static FindingKind fromWireName(String name) {
        return TextEnums.fromWireName(FindingKind.class, name);
    }
}
