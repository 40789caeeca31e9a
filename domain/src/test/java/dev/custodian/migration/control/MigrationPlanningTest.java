package dev.custodian.migration.control;

import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.migration.control.MigrationPlanning.Decision;
import dev.custodian.migration.control.MigrationPlanning.Verdict;
import dev.custodian.migration.entity.MigrationCandidate;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationPlanningTest {

    private final KeyLayout layout = KeyLayout.withDefaults();

    @Test
    void aRecordAtTheKeyItsPartsBuildStays() {
        Decision decision = decide("users/u1/projects/p1/scenes/s1/audio/a.mp3",
                new KeyParts("u1", "p1", "s1", "audio", "a.mp3"), Map.of());
        assertThat(decision.verdict()).isEqualTo(Verdict.CANONICAL);
    }

    @Test
    void aRecordAtALegacyKeyMovesToTheCanonicalKeyOfItsParts() {
        assertThat(decide("projects/proj_p1/scenes/s1/audio/a.mp3", new KeyParts("u1", "p1", "s1", "audio", "a.mp3"),
                Map.of())).isEqualTo(new Decision(Verdict.MOVE, "users/u1/projects/p1/scenes/s1/audio/a.mp3", null));
        assertThat(decide("proj_p1_s4_audio.mp3", new KeyParts("u1", "proj_p1", "s4", "audio", "audio.mp3"), Map.of())
                .targetKey()).as("the record's own spelling of the project")
                .isEqualTo("users/u1/projects/proj_p1/scenes/s4/audio/audio.mp3");
    }

    @Test
    void aKeyUnderTheCanonicalRootThatItsPartsDoNotBuildMovesToo() {
        Decision decision = decide("users/u1/projects/p1/audio/a.mp3", new KeyParts("u1", "p1", "s1", "audio", "a.mp3"),
                Map.of());
        assertThat(decision).isEqualTo(new Decision(Verdict.MOVE, "users/u1/projects/p1/scenes/s1/audio/a.mp3", null));
    }

    @Test
    void aRecordWithoutAUserTakesTheOnlyUserItsProjectHas() {
        KeyParts noUser = new KeyParts(null, "p1", "s2", "audio", "voice.wav");
        assertThat(MigrationPlanning.needsUserLookup(candidate("audio/proj_p1/s2/voice.wav", noUser))).isTrue();
        assertThat(decide("audio/proj_p1/s2/voice.wav", noUser, Map.of("p1", Set.of("u7"))).targetKey())
                .isEqualTo("users/u7/projects/p1/scenes/s2/audio/voice.wav");
    }

    @Test
    void aRecordWhoseUserIsUnknownOrNotOneIsSkipped() {
        KeyParts noUser = new KeyParts(null, "p1", "s2", "audio", "voice.wav");
        assertThat(decide("audio/proj_p1/s2/voice.wav", noUser, Map.of()))
                .isEqualTo(new Decision(Verdict.SKIP, null, "no user known"));
        Decision two = decide("audio/proj_p1/s2/voice.wav", noUser, Map.of("p1", Set.of("u1", "u2")));
        assertThat(two.verdict()).isEqualTo(Verdict.SKIP);
        assertThat(two.reason()).contains("several users");
        assertThat(MigrationPlanning.needsUserLookup(candidate("x", new KeyParts(null, null, null, "audio", "a"))))
                .as("no project to look up").isFalse();
    }

    @Test
    void partsTheCanonicalLayoutRefusesAreSkippedWithTheReason() {
        Decision noFilename = decide("projects/proj_p1/weird", new KeyParts("u1", "p1", null, "audio", null), Map.of());
        assertThat(noFilename.verdict()).isEqualTo(Verdict.SKIP);
        assertThat(noFilename.reason()).startsWith("no canonical key").contains("filename");
        Decision sceneWithoutProject = decide("s1/a.mp3", new KeyParts("u1", null, "s1", "audio", "a.mp3"), Map.of());
        assertThat(sceneWithoutProject.verdict()).isEqualTo(Verdict.SKIP);
    }

    private Decision decide(String key, KeyParts parts, Map<String, Set<String>> users) {
        return MigrationPlanning.decide(layout, candidate(key, parts), users);
    }

    private static MigrationCandidate candidate(String key, KeyParts parts) {
        return new MigrationCandidate(UUID.randomUUID(), key, parts, 1L, "etag");
    }
}
