package dev.custodian.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input was rejected. Always carries at least one {@link Violation}; the message lists them all.
 */
public final class ValidationException extends RuntimeException {

    private final List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
    }

    public ValidationException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one violation");
        }
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; ", "invalid input: ", ""));
    }
}
