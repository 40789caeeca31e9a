package dev.custodian.deletion.entity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whose project a deletion means: {@link DeletionScope#ownedAmong} over the users the ledger knows. */
class DeletionScopeTest {

    @Test
    void aNamedUsersProjectTakesWhatNamesNoUserOnlyWhileNoOtherUserIsKnown() {
        DeletionScope alone = DeletionScope.project("p1", "A").ownedAmong(Set.of("A"));
        assertThat(alone.userId()).isEqualTo("A");
        assertThat(alone.unattributed()).isTrue();
        assertThat(DeletionScope.project("p1", "A").ownedAmong(Set.of()).unattributed()).isTrue();

        DeletionScope shared = DeletionScope.project("p1", "A").ownedAmong(Set.of("A", "B"));
        assertThat(shared.userId()).isEqualTo("A");
        assertThat(shared.unattributed()).isFalse();
        assertThat(DeletionScope.scene("p1", "s1", "A").ownedAmong(Set.of("B")).unattributed())
                .as("B alone known: what names no user may be B's").isFalse();
    }

    @Test
    void withoutAUserItIsTheOneKnownUsersOrNoKnownUsersProject() {
        DeletionScope one = DeletionScope.project("p1", null).ownedAmong(Set.of("A"));
        assertThat(one.userId()).isEqualTo("A");
        assertThat(one.unattributed()).isTrue();
        assertThat(one.owner().orElseThrow().userId()).isEqualTo("A");

        DeletionScope none = DeletionScope.scene("p1", "s1", null).ownedAmong(Set.of());
        assertThat(none.userId()).isNull();
        assertThat(none.unattributed()).isTrue();
    }

    @Test
    void severalKnownUsersWithoutANamedOneIsRefusedNamingThemInOrder() {
        assertThatThrownBy(() -> DeletionScope.project("p1", null).ownedAmong(Set.of("zed", "amy")))
                .isInstanceOfSatisfying(AmbiguousOwnerException.class,
                        e -> assertThat(e.users()).containsExactly("amy", "zed"))
                .hasMessageContaining("p1");
    }

    @Test
    void onlyProjectsAndScenesHaveAProjectOwner() {
        assertThatThrownBy(() -> DeletionScope.user("A").ownedAmong(List.of("A")))
                .isInstanceOf(IllegalStateException.class);
    }
}
