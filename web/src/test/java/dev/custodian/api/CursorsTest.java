package dev.custodian.api;

import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsTest {

    @Test
    void anAbsentLimitIsTheDefaultAndTheRangeIsAccepted() {
        assertThat(Cursors.limit(null)).isEqualTo(100);
        assertThat(Cursors.limit("")).isEqualTo(100);
        assertThat(Cursors.limit("1")).isEqualTo(1);
        assertThat(Cursors.limit("1000")).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "1001", "-1", "1.5", "99999999999", " 5"})
    void aLimitThatIsNotAWholeNumberInRangeNamesTheField(String limit) {
        assertThatThrownBy(() -> Cursors.limit(limit)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("limit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%%%", "abc", "MTo", "bm90LWEtY3Vyc29y"})
    void aCursorThisServiceDidNotReturnNamesTheField(String cursor) {
        assertThatThrownBy(() -> Cursors.parse(cursor)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("cursor"));
        assertThatThrownBy(() -> Cursors.parseNumber(cursor)).isInstanceOf(ValidationException.class);
    }

    @Test
    void cursorsRoundTrip() {
        UUID id = UUID.randomUUID();
        assertThat(Cursors.parse(Cursors.after(id))).isEqualTo(id);
        assertThat(Cursors.parseNumber(Cursors.after(42L))).isEqualTo(42L);
        assertThat(Cursors.parseValue(Cursors.afterValue("u-1/ä"))).isEqualTo("u-1/ä");
        assertThat(Cursors.parseValue(Cursors.afterValue(""))).isEmpty();
        assertThat(Cursors.parsePosition(Cursors.afterPosition(7, "a:b/ä"))).isEqualTo(new Cursors.Position(7, "a:b/ä"));
        assertThat(Cursors.parsePosition(null)).isEqualTo(new Cursors.Position(0, null));
    }

    @Test
    void aCursorOfOneKindIsRefusedForAnother() {
        assertThatThrownBy(() -> Cursors.parseValue(Cursors.after(42L))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Cursors.parseNumber(Cursors.afterValue("u1"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Cursors.parse(Cursors.afterValue("u1"))).isInstanceOf(ValidationException.class);
    }
}
