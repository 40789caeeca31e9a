package dev.custodian.deletion.boundary;

import dev.custodian.validation.ValidationException;

/** The free-text reason a caller gives for a destructive request; it ends up in the audit trail. */
final class Reasons {

    private static final int MAX_LENGTH = 500;

    private Reasons() {
    }

    static String of(String given, String fallback) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        if (given.length() > MAX_LENGTH || given.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ValidationException("reason", "must be at most " + MAX_LENGTH
                    + " characters without control characters");
        }
        return given;
    }
}
