package dev.custodian.keys.entity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key and every distinct reading of it. MATCHED has exactly one candidate, AMBIGUOUS at least two,
 * UNPARSEABLE none. {@code template} is the template the candidates came from, or null when there are
 * none or they came from different templates.
 */
public record ParsedKey(String key, ParseOutcome outcome, KeyTemplate template, List<KeyParts> candidates) {

    public ParsedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        candidates = List.copyOf(candidates);
        int expected = switch (outcome) {
            case MATCHED -> 1;
            case UNPARSEABLE -> 0;
            case AMBIGUOUS -> Math.max(2, candidates.size());
        };
        if (candidates.size() != expected) {
            throw new IllegalArgumentException(outcome + " cannot have " + candidates.size() + " candidates");
        }
        if (outcome == ParseOutcome.UNPARSEABLE && template != null) {
            throw new IllegalArgumentException("an unparseable key has no template");
        }
    }

    /** The owner fields, only when the key has exactly one reading. */
    public Optional<KeyParts> parts() {
        return outcome == ParseOutcome.MATCHED ? Optional.of(candidates.get(0)) : Optional.empty();
    }
}
