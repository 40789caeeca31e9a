package dev.custodian.deletion.entity;

import dev.custodian.persistence.TextEnums;

/** What a deletion covers. The first three are owners: they tombstone and sweep. */
public enum ScopeType {
    USER, PROJECT, SCENE, OBJECT, JOB, RETENTION, BULK, MAINTENANCE, CLEAR, DUPLICATES;

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static ScopeType fromWireName(String name) {
        return TextEnums.fromWireName(ScopeType.class, name);
    }

    public boolean isOwner() {
        return this == USER || this == PROJECT || this == SCENE;
    }
}
