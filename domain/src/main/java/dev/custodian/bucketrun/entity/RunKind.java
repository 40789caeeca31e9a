package dev.custodian.bucketrun.entity;

import java.util.Locale;

/** What a bucket run does; the wire name is also its Jakarta Batch job's id. */
public enum RunKind {
    BACKFILL, MIGRATION, CLEAR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunKind fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
