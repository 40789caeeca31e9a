package dev.custodian.validation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViolationsTest {

    @Test
    void startsEmptyAndDoesNotThrow() {
        Violations v = new Violations();
        assertThat(v.isEmpty()).isTrue();
        assertThat(v.list()).isEmpty();
        assertThatCode(v::throwIfAny).doesNotThrowAnyException();
    }

    @Test
    void keepsViolationsInOrderAndChains() {
        Violations v = new Violations().add("user_id", "is required").add("filename", "must not be . or ..");
        assertThat(v.isEmpty()).isFalse();
        assertThat(v.list()).containsExactly(
                new Violation("user_id", "is required"),
                new Violation("filename", "must not be . or .."));
    }

    @Test
    void listIsAnImmutableSnapshot() {
        Violations v = new Violations().add("a", "x");
        List<Violation> snapshot = v.list();
        v.add("b", "y");
        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add(new Violation("c", "z"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void throwsEveryViolationAtOnce() {
        Violations v = new Violations().add("user_id", "is required").add("file_type", "must be 1-32 characters of a-z 0-9 _ -");
        assertThatThrownBy(v::throwIfAny)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("user_id", "is required"),
                        new Violation("file_type", "must be 1-32 characters of a-z 0-9 _ -")))
                .hasMessage("invalid input: user_id is required; file_type must be 1-32 characters of a-z 0-9 _ -");
    }

    @Test
    void singleFieldConstructor() {
        ValidationException e = new ValidationException("size_bytes", "must be between 0 and 10");
        assertThat(e.violations()).containsExactly(new Violation("size_bytes", "must be between 0 and 10"));
        assertThat(e).hasMessage("invalid input: size_bytes must be between 0 and 10");
    }

    @Test
    void exceptionNeedsAViolation() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ValidationException(List.of()));
    }

    @Test
    void exceptionDoesNotShareTheCallersList() {
        List<Violation> given = new ArrayList<>(List.of(new Violation("a", "x")));
        ValidationException e = new ValidationException(given);
        given.clear();
        assertThat(e.violations()).hasSize(1);
    }
}
