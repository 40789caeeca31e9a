package dev.custodian.maintenance.entity;

import dev.custodian.persistence.TextEnums;

/**
 * Where a quarantined file is ({@link QuarantinedObject}): {@code moving} (the intent, before and
 * while the bytes move) → {@code quarantined} → {@code restoring} → {@code restored}; {@code purged}
 * once deleted after the retention or with its owner; {@code abandoned} when a move was undone.
 */
public enum QuarantineState {
    MOVING, QUARANTINED, RESTORING, RESTORED, PURGED, ABANDONED;

    /** Whether the file's story is over: the row only stays as proof. */
    public boolean isEnded() {
        return this == RESTORED || this == PURGED || this == ABANDONED;
    }

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static QuarantineState fromWireName(String name) {
        return TextEnums.fromWireName(QuarantineState.class, name);
    }
}
