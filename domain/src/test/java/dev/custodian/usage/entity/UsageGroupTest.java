package dev.custodian.usage.entity;

import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageGroupTest {

    @Test
    void everyWireNameNamesItsColumn() {
        assertThat(UsageGroup.fromWireName("user").column()).isEqualTo("user_id");
        assertThat(UsageGroup.fromWireName("project").column()).isEqualTo("project_id");
        assertThat(UsageGroup.fromWireName("file_type").column()).isEqualTo("file_type");
        assertThat(UsageGroup.fromWireName("retention_class").column()).isEqualTo("retention_class");
    }

    @Test
    void anUnknownGroupIsNamedInTheViolation() {
        assertThatThrownBy(() -> UsageGroup.fromWireName("colour")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("group_by");
                    assertThat(v.message()).contains("'colour'").contains("user, project, file_type, retention_class");
                }));
    }

    @Test
    void caseAndColumnNamesAreNotAccepted() {
        assertThatThrownBy(() -> UsageGroup.fromWireName("USER")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> UsageGroup.fromWireName("user_id")).isInstanceOf(ValidationException.class);
    }

    @Test
    void aMissingGroupIsRequired() {
        assertThatThrownBy(() -> UsageGroup.fromWireName(null)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("group_by"));
    }

    @Test
    void anEchoedValueIsShortAndPrintable() {
        assertThatThrownBy(() -> UsageGroup.fromWireName("a\nb" + "x".repeat(100)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations().get(0).message())
                        .contains("'a?bx").doesNotContain("\n").hasSizeLessThan(150));
    }
}
