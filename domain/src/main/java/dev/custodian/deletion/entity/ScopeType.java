package dev.custodian.deletion.entity;

import java.util.Locale;

/** What a deletion covers. The first three are owners: they tombstone and sweep. */
public enum ScopeType {
    USER, PROJECT, SCENE, OBJECT, JOB, RETENTION, BULK, MAINTENANCE, CLEAR, DUPLICATES;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOwner() {
        return this == USER || this == PROJECT || this == SCENE;
    }
}
