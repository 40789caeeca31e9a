package dev.custodian.bucketrun.entity;

import dev.custodian.persistence.TextEnums;

import java.util.List;

/**
 * What became of one key a bucket run looked at ({@code bucket_run_item.outcome}), by kind:
 * a backfill's verdicts, a clear's listed keys, a migration's moves ({@code planned} →
 * {@code copied} → {@code switched} → {@code migrated}, or how it ended otherwise).
 */
public enum ItemOutcome {
    ADOPTED, ALREADY_TRACKED, UNPARSEABLE, AMBIGUOUS, OWNER_DELETED, GONE,
    LISTED,
    PLANNED, COPIED, SWITCHED, MIGRATED, SKIPPED, FAILED, CONFLICT;

    /** A migration's items whose move is not finished. */
    public static final List<ItemOutcome> OPEN_MOVES = List.of(PLANNED, COPIED, SWITCHED);

    public String wireName() {
        return TextEnums.wireName(this);
    }

    public static ItemOutcome fromWireName(String name) {
        return TextEnums.fromWireName(ItemOutcome.class, name);
    }
}
