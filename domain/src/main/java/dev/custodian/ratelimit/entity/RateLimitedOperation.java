package dev.custodian.ratelimit.entity;

import dev.custodian.persistence.TextEnums;

/**
 * The operations a token may call only so often: the expensive and destructive ones, each with a
 * budget of its own (seed 003's rate limiting). Owner deletions are an app's normal path: they
 * have no budget unless one is configured.
 */
public enum RateLimitedOperation {
    BULK_CLEANUP(true), MAINTENANCE(true), BACKFILL(true), CLEAR(true), MIGRATIONS(true), DIAGNOSTICS(true),
    DUPLICATE_REMOVALS(true), OWNER_DELETIONS(false);

    private final boolean limitedByDefault;

    RateLimitedOperation(boolean limitedByDefault) {
        this.limitedByDefault = limitedByDefault;
    }

    /** Whether the general budget applies when the operation has none of its own. */
    public boolean limitedByDefault() {
        return limitedByDefault;
    }

    public String wireName() {
        return TextEnums.wireName(this);
    }

    /** Its name in configuration keys: {@code custodian.rate-limit.bulk-cleanup.per-minute}. */
    public String settingName() {
        return wireName().replace('_', '-');
    }
}
