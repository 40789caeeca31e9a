package dev.custodian.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects violations while a whole request is checked, so that one answer names every bad field.
 * Not thread-safe: one instance per check.
 */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public Violations add(String field, String message) {
        found.add(new Violation(field, message));
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** A snapshot in the order the violations were found. */
    public List<Violation> list() {
        return List.copyOf(found);
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }

    /** A value as a problem may quote it back: at most 40 characters, control characters as '?'. */
    public static String printable(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return shown.codePoints().map(c -> c < 0x20 || c == 0x7F ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
