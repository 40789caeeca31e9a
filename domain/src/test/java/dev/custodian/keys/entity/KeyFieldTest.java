package dev.custodian.keys.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFieldTest {

    @Test
    void placeholdersAreTheApiFieldNames() {
        assertThat(KeyField.values()).extracting(KeyField::placeholder)
                .containsExactly("user_id", "project_id", "scene_id", "file_type", "filename", "ext");
    }

    @ParameterizedTest
    @EnumSource(KeyField.class)
    void findsEveryFieldByItsPlaceholder(KeyField field) {
        assertThat(KeyField.byPlaceholder(field.placeholder())).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "USER_ID", "user_id ", "{user_id}", "userId"})
    void findsNothingForOtherNames(String name) {
        assertThat(KeyField.byPlaceholder(name)).isEmpty();
    }
}
