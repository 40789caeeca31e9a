package dev.custodian.keys.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class OwnerScopeTest {

    private static final KeyParts SCENE_FILE = new KeyParts("u1", "p1", "s1", "audio", "a.mp3");
    private static final KeyParts LEGACY_FILE = new KeyParts(null, "p1", "s1", "media", "proj_p1_s1_media.mp4");
    private static final KeyParts USER_FILE = new KeyParts("u1", null, null, "avatar", "me.png");

    @Test
    void factoriesSetTypeAndIds() {
        assertThat(OwnerScope.user("u1")).isEqualTo(new OwnerScope(OwnerType.USER, "u1", null, null));
        assertThat(OwnerScope.project("p1")).isEqualTo(new OwnerScope(OwnerType.PROJECT, null, "p1", null));
        assertThat(OwnerScope.scene("p1", "s1")).isEqualTo(new OwnerScope(OwnerType.SCENE, null, "p1", "s1"));
        assertThat(OwnerScope.project("p1").withUser("u1")).isEqualTo(new OwnerScope(OwnerType.PROJECT, "u1", "p1", null));
        assertThat(OwnerScope.scene("p1", "s1").withUser("u1")).isEqualTo(new OwnerScope(OwnerType.SCENE, "u1", "p1", "s1"));
    }

    @Test
    void refusesIncompleteOrContradictoryScopes() {
        assertThatNullPointerException().isThrownBy(() -> OwnerScope.user(null));
        assertThatNullPointerException().isThrownBy(() -> OwnerScope.project(null));
        assertThatNullPointerException().isThrownBy(() -> OwnerScope.scene("p1", null));
        assertThatNullPointerException().isThrownBy(() -> OwnerScope.scene(null, "s1"));
        assertThatNullPointerException().isThrownBy(() -> OwnerScope.project("p1").withUser(null));
        assertThatNullPointerException().isThrownBy(() -> new OwnerScope(null, "u1", null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OwnerScope(OwnerType.USER, "u1", "p1", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OwnerScope(OwnerType.PROJECT, null, "p1", "s1"));
    }

    static Stream<Arguments> claims() {
        return Stream.of(
                Arguments.of(OwnerScope.user("u1"), SCENE_FILE, true),
                Arguments.of(OwnerScope.user("u1"), USER_FILE, true),
                Arguments.of(OwnerScope.user("u10"), SCENE_FILE, false),
                Arguments.of(OwnerScope.user("u"), SCENE_FILE, false),
                Arguments.of(OwnerScope.user("u1"), LEGACY_FILE, false),
                Arguments.of(OwnerScope.project("p1"), SCENE_FILE, true),
                Arguments.of(OwnerScope.project("p1"), LEGACY_FILE, true),
                Arguments.of(OwnerScope.project("p1"), USER_FILE, false),
                Arguments.of(OwnerScope.project("p10"), SCENE_FILE, false),
                Arguments.of(OwnerScope.project("p1_x"), SCENE_FILE, false),
                Arguments.of(OwnerScope.project("P1"), SCENE_FILE, false),
                Arguments.of(OwnerScope.project("proj_p1"), SCENE_FILE, false),
                Arguments.of(OwnerScope.project("p1").withUser("u1"), SCENE_FILE, true),
                Arguments.of(OwnerScope.project("p1").withUser("u2"), SCENE_FILE, false),
                Arguments.of(OwnerScope.project("p1").withUser("u2"), LEGACY_FILE, true),
                Arguments.of(OwnerScope.scene("p1", "s1"), SCENE_FILE, true),
                Arguments.of(OwnerScope.scene("p1", "s1"), LEGACY_FILE, true),
                Arguments.of(OwnerScope.scene("p1", "s10"), SCENE_FILE, false),
                Arguments.of(OwnerScope.scene("p2", "s1"), SCENE_FILE, false),
                Arguments.of(OwnerScope.scene("p1", "s1"), new KeyParts("u1", "p1", null, "output", "f.mp4"), false),
                Arguments.of(OwnerScope.scene("p1", "s1").withUser("u1"), SCENE_FILE, true),
                Arguments.of(OwnerScope.scene("p1", "s1").withUser("u2"), SCENE_FILE, false));
    }

    @ParameterizedTest
    @MethodSource
    void claims(OwnerScope owner, KeyParts parsed, boolean claimed) {
        assertThat(owner.claims(parsed)).isEqualTo(claimed);
    }
}
