package dev.custodian.keys.control;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.keys.entity.OwnerScope;
import dev.custodian.keys.entity.Ownership;
import dev.custodian.keys.entity.ParseOutcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The key template parser, for any ids the API accepts and for any text at all. */
class KeyLayoutPropertyTest {

    private final KeyLayout layout = KeyLayout.withDefaults();

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(12)
                .filter(id -> !id.equals(".") && !id.equals(".."));
    }

    @Provide
    Arbitrary<KeyParts> owners() {
        Arbitrary<String> fileTypes = Arbitraries.strings().withChars("az09_-").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> filenames = Arbitraries.strings().withChars("aZ9 ._-é").ofMinLength(1).ofMaxLength(20)
                .filter(name -> !name.equals(".") && !name.equals(".."));
        return Combinators.combine(ids(), ids().injectNull(0.3), ids().injectNull(0.5), fileTypes, filenames)
                .as((user, project, scene, type, name) -> new KeyParts(user, project, project == null ? null : scene,
                        type, name));
    }

    @Property(tries = 500)
    void aCanonicalKeyReadsBackAsExactlyItsOwner(@ForAll("owners") KeyParts owner) {
        var parsed = layout.parse(layout.canonicalKey(owner));

        assertThat(parsed.outcome()).isEqualTo(ParseOutcome.MATCHED);
        assertThat(parsed.parts()).contains(owner);
    }

    @Property(tries = 500)
    void oneUsersProjectNeverOwnsAnotherUsersKeyOfTheSameProjectId(@ForAll("owners") KeyParts owner,
                                                                    @ForAll("ids") String otherUser) {
        Assume.that(owner.projectId() != null && !otherUser.equals(owner.userId()));
        String key = layout.canonicalKey(owner);

        assertThat(layout.ownership(key, OwnerScope.project(owner.projectId()).withUser(otherUser)))
                .isEqualTo(Ownership.NOT_OWNED);
        assertThat(layout.ownership(key, OwnerScope.project(owner.projectId()).withUser(owner.userId())))
                .isEqualTo(Ownership.OWNED);
    }

    @Property(tries = 500)
    void aLegacyKeyOfAProjectIsNeverOwnedByAProjectWhoseIdOnlyStartsTheSame(@ForAll("ids") String project,
                                                                           @ForAll("ids") String suffix,
                                                                           @ForAll("ids") String scene) {
        String key = "proj_" + project + suffix + "_" + scene + "_audio.mp3";

        assertThat(layout.ownership(key, OwnerScope.project(project))).isNotEqualTo(Ownership.OWNED);
    }

    @Property(tries = 1000)
    void anyTextParsesWithoutThrowing(@ForAll String text) {
        assertThatCode(() -> layout.parse(text)).doesNotThrowAnyException();
    }
}
