package dev.custodian.retention.entity;

import dev.custodian.ledger.entity.RetentionClass;

import java.util.List;

/**
 * The rules of a retention policy; null filters do not narrow.
 *
 * @param fileTypes empty means any file type
 */
public record PolicyRules(RetentionClass retentionClass, List<String> fileTypes, String keyPrefix, int maxAgeDays,
                          RetentionPolicy.Action action, boolean enabled) {

    public PolicyRules {
        fileTypes = List.copyOf(fileTypes);
    }

    /** A policy without any filter would match every object in the bucket. */
    public boolean hasFilter() {
        return retentionClass != null || !fileTypes.isEmpty() || keyPrefix != null;
    }
}
