package dev.custodian.maintenance.entity;

import dev.custodian.persistence.TextEnums;

/** What a run does with a record whose object is gone. */
public enum MissingAction {
    REPORT, MARK_MISSING;

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static MissingAction fromWireName(String name) {
        return TextEnums.fromWireName(MissingAction.class, name);
    }
}
