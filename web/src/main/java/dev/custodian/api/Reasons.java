package dev.custodian.api;

import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;

/** The free-text reason a caller gives for a destructive request; it ends up in the audit trail. */
public final class Reasons {

    private Reasons() {
    }

    /** The reason given, or the fallback when none was; a bad one is a 400 naming {@code reason}. */
    public static String of(String given, String fallback) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        Violations violations = new Violations();
        Identifiers.optionalText(violations, "reason", given);
        violations.throwIfAny();
        return given;
    }
}
