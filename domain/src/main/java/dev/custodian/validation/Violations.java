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
}
