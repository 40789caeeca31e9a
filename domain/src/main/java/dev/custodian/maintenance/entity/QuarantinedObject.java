package dev.custodian.maintenance.entity;

import dev.custodian.validation.Violations;

import java.time.Instant;
import java.util.UUID;

/**
 * A file moved aside, and what became of it: an orphan moved under {@code _quarantine/<run id>/}
 * by a maintenance run ({@code runId}), or a tracked object moved under
 * {@code _quarantine/retention/<sweep id>/} by a retention policy ({@code policy}, {@code objectId}:
 * its record moved along).
 *
 * <p>{@code state} is a {@link QuarantineState}'s wire name, as the API shows it. {@code detail}
 * says why a move was undone or a restore refused.
 */
public record QuarantinedObject(UUID id, UUID runId, String policy, UUID objectId, String originalKey,
                                String quarantineKey, long sizeBytes, String etag, String state,
                                Instant quarantinedAt, Instant endedAt, String detail) {

    /** Everything under this prefix belongs to the quarantine and is never itself an orphan. */
    public static final String PREFIX = "_quarantine/";

    /**
     * The guard of every run a caller scopes by prefix: none may lie under the quarantine, whose
     * files are moved aside on purpose; {@code why} ends the message for that run.
     */
    public static void refuseUnderQuarantine(Violations violations, String field, String prefix, String why) {
        if (prefix != null && prefix.startsWith(PREFIX)) {
            violations.add(field, "must not lie under " + PREFIX + ": " + why);
        }
    }

    public boolean is(QuarantineState expected) {
        return expected.wireName().equals(state);
    }
}
