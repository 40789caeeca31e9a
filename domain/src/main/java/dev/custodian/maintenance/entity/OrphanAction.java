package dev.custodian.maintenance.entity;

import dev.custodian.persistence.TextEnums;

/** What a run does with a file the ledger does not know. */
public enum OrphanAction {
    REPORT, QUARANTINE, DELETE;

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static OrphanAction fromWireName(String name) {
        return TextEnums.fromWireName(OrphanAction.class, name);
    }
}
