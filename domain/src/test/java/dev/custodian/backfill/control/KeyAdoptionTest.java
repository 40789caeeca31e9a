package dev.custodian.backfill.control;

import dev.custodian.backfill.control.KeyAdoption.Decision;
import dev.custodian.backfill.control.KeyAdoption.Verdict;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.keys.entity.ParsedKey;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyAdoptionTest {

    private final KeyLayout layout = KeyLayout.withDefaults();

    @Test
    void aCanonicalKeyIsAdoptedWithItsOwnUserAndNeedsNoLookup() {
        ParsedKey key = layout.parse("users/u1/projects/p1/scenes/s1/audio/a.mp3");
        assertThat(KeyAdoption.projectSpellings(key)).isEmpty();
        assertThat(KeyAdoption.decide(key, Map.of()))
                .isEqualTo(new Decision(Verdict.ADOPT, new KeyParts("u1", "p1", "s1", "audio", "a.mp3")));
    }

    @Test
    void aLegacyKeyIsLookedUpUnderEverySpellingOfItsProjectAndTakesTheLedgersSpellingAndUser() {
        ParsedKey key = layout.parse("projects/proj_proj_abc/scenes/s1/image/b.png");
        assertThat(KeyAdoption.projectSpellings(key)).containsExactly("abc", "proj_abc", "proj_proj_abc");
        assertThat(KeyAdoption.decide(key, Map.of("proj_abc", Set.of("u9"))))
                .isEqualTo(new Decision(Verdict.ADOPT, new KeyParts("u9", "proj_abc", "s1", "image", "b.png")));
    }

    @Test
    void aLegacyKeyOfAProjectTheLedgerDoesNotKnowIsAdoptedWithoutAUser() {
        Decision decision = KeyAdoption.decide(layout.parse("audio/proj_abc/s2/voice.wav"), Map.of());
        assertThat(decision.verdict()).isEqualTo(Verdict.ADOPT);
        assertThat(decision.owner()).isEqualTo(new KeyParts(null, "abc", "s2", "audio", "voice.wav"));
    }

    @Test
    void aProjectTheLedgerGivesTwoUsersIsNotGuessed() {
        Decision decision = KeyAdoption.decide(layout.parse("proj_abc_s3_audio.mp3"),
                Map.of("abc", Set.of("u1"), "proj_abc", Set.of("u2")));
        assertThat(decision.verdict()).isEqualTo(Verdict.ADOPT);
        assertThat(decision.owner().userId()).isNull();
        assertThat(decision.owner().projectId()).isEqualTo("abc");
    }

    @Test
    void unparseableAndAmbiguousKeysAreNeverAdopted() {
        assertThat(KeyAdoption.decide(layout.parse("random/thing.bin"), Map.of()).verdict())
                .isEqualTo(Verdict.UNPARSEABLE);
        ParsedKey ambiguous = layout.parse("proj_a_b_c_audio.mp3");
        assertThat(ambiguous.candidates()).hasSizeGreaterThan(1);
        assertThat(KeyAdoption.decide(ambiguous, Map.of("a", Set.of("u1"))).verdict()).isEqualTo(Verdict.AMBIGUOUS);
        assertThat(KeyAdoption.projectSpellings(ambiguous)).as("no owner is looked up for a guess").isEmpty();
    }
}
