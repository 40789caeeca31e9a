package dev.custodian.run.entity;

import dev.custodian.persistence.TextEnums;

/**
 * Where a run stands: {@code queued} → {@code running} → {@code completed}, or {@code failed} when
 * its job ended first. Maintenance runs and bucket runs (backfill, migration, clear) share it.
 */
public enum RunState {
    QUEUED, RUNNING, COMPLETED, FAILED;

    /** Not ended: another run over the same keys must wait. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static RunState fromWireName(String name) {
        return TextEnums.fromWireName(RunState.class, name);
    }
}
