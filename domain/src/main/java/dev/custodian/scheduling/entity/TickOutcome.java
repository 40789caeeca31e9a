package dev.custodian.scheduling.entity;

import dev.custodian.persistence.TextEnums;

/** Where a claimed tick of a scheduled task ({@code scheduled_run.outcome}) stands. */
public enum TickOutcome {
    RUNNING, SUCCEEDED, FAILED;

    public String wireName() {
        return TextEnums.wireName(this);
    }
}
