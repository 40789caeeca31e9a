package dev.custodian.bucketrun.entity;

import dev.custodian.persistence.TextEnums;

/** What a bucket run does; the wire name is also its Jakarta Batch job's id. */
public enum RunKind {
    BACKFILL, MIGRATION, CLEAR;

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static RunKind fromWireName(String name) {
        return TextEnums.fromWireName(RunKind.class, name);
    }
}
