package dev.custodian.keys.control;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.keys.entity.KeyTemplate;
import dev.custodian.keys.entity.OwnerScope;
import dev.custodian.keys.entity.Ownership;
import dev.custodian.keys.entity.ParseOutcome;
import dev.custodian.keys.entity.ParsedKey;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyLayoutTest {

    private static final KeyLayout LAYOUT = KeyLayout.withDefaults();
    private static final String P128 = "p".repeat(128);

    @Test
    void defaultLegacyLayoutsAreTheSeedOnes() {
        assertThat(KeyLayout.DEFAULT_LEGACY_PATTERNS).containsExactly(
                "{project_id:proj_}_{scene_id}_{file_type}.{ext}",
                "projects/{project_id:proj_}/scenes/{scene_id}/{file_type}/{filename}",
                "{file_type=audio}/{project_id:proj_}/{scene_id}/{filename}");
        assertThat(LAYOUT.legacyTemplates()).extracting(KeyTemplate::name)
                .containsExactly("legacy-flat", "legacy-projects", "legacy-audio");
        assertThat(LAYOUT.legacyTemplates()).extracting(KeyTemplate::pattern)
                .containsExactlyElementsOf(KeyLayout.DEFAULT_LEGACY_PATTERNS);
    }

    @Nested
    class Parse {

        static Stream<Arguments> seedKeys() {
            return Stream.of(
                    Arguments.of("users/user123/projects/proj456/scenes/scene789/audio/narration.mp3", "canonical-scene",
                            new KeyParts("user123", "proj456", "scene789", "audio", "narration.mp3")),
                    Arguments.of("users/user123/projects/proj456/scenes/scene789/image/background.jpg", "canonical-scene",
                            new KeyParts("user123", "proj456", "scene789", "image", "background.jpg")),
                    Arguments.of("users/user123/projects/proj456/output/final_video.mp4", "canonical-project",
                            new KeyParts("user123", "proj456", null, "output", "final_video.mp4")),
                    Arguments.of("users/user123/avatar/me.png", "canonical-user",
                            new KeyParts("user123", null, null, "avatar", "me.png")),
                    Arguments.of("proj_proj_6650c1f2e4b0a1d3c5e7f901_7f3a9c2e_media.mp4", "legacy-flat",
                            new KeyParts(null, "6650c1f2e4b0a1d3c5e7f901", "7f3a9c2e", "media",
                                    "proj_proj_6650c1f2e4b0a1d3c5e7f901_7f3a9c2e_media.mp4")),
                    Arguments.of("proj_6650c1f2e4b0a1d3c5e7f901_7f3a9c2e_media.mp4", "legacy-flat",
                            new KeyParts(null, "6650c1f2e4b0a1d3c5e7f901", "7f3a9c2e", "media",
                                    "proj_6650c1f2e4b0a1d3c5e7f901_7f3a9c2e_media.mp4")),
                    Arguments.of("proj_proj_abc123_scene-1_audio.mp3", "legacy-flat",
                            new KeyParts(null, "abc123", "scene-1", "audio", "proj_proj_abc123_scene-1_audio.mp3")),
                    Arguments.of("projects/proj_ID/scenes/SCENE_ID/media/filename.ext", "legacy-projects",
                            new KeyParts(null, "ID", "SCENE_ID", "media", "filename.ext")),
                    Arguments.of("projects/proj_proj_abc123/scenes/scene-1/media/clip.mp4", "legacy-projects",
                            new KeyParts(null, "abc123", "scene-1", "media", "clip.mp4")),
                    Arguments.of("audio/proj_ID/SCENE_ID/filename.ext", "legacy-audio",
                            new KeyParts(null, "ID", "SCENE_ID", "audio", "filename.ext")),
                    Arguments.of("audio/proj_proj_abc123/scene-1/voice.mp3", "legacy-audio",
                            new KeyParts(null, "abc123", "scene-1", "audio", "voice.mp3")));
        }

        @ParameterizedTest
        @MethodSource("seedKeys")
        void readsEverySeedLayout(String key, String template, KeyParts parts) {
            ParsedKey parsed = LAYOUT.parse(key);
            assertThat(parsed.key()).isEqualTo(key);
            assertThat(parsed.outcome()).isEqualTo(ParseOutcome.MATCHED);
            assertThat(parsed.template().name()).isEqualTo(template);
            assertThat(parsed.candidates()).containsExactly(parts);
            assertThat(parsed.parts()).contains(parts);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "assets/lion/pl_preview.png",
                "assets/cat/pl_preview.png",
                "assets/dog/pl_preview.png",
                "file1.mp4",
                "test.txt",
                "clips/final_clip.mp4",
                "users/user123/projects/proj456/",
                "projects/proj456",
                "proj_abc_s1_media",
                "proj_proj_proj_abc_s1_media.mp4",
                "video/proj_abc/s1/a.mp4"})
        void keysOfNoLayoutAreUnparseable(String key) {
            ParsedKey parsed = LAYOUT.parse(key);
            assertThat(parsed.outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
            assertThat(parsed.template()).isNull();
            assertThat(parsed.candidates()).isEmpty();
            assertThat(parsed.parts()).isEmpty();
        }

        static Stream<String> garbage() {
            return Stream.of("", "/", "//", "users", "users/", "users//audio/f", "users/u/audio/", "users/u/audio/a/",
                    "\u0000", "users/u/audio/a\u0000b.mp3", "users/u/audio/a\u0007b", "users/u/audio/a\u0085b",
                    "users/u/../f", "users/./audio/f", "users/u/audio/..",
                    "x".repeat(2000), "users/" + "a/".repeat(1000), "_".repeat(2000), "proj_".repeat(400),
                    "proj_" + "a_".repeat(500) + "media.mp4", "{project_id}", "{user_id}/{filename}", "proj_",
                    "proj_proj_", "proj__s_media.mp4", "audio/proj_/s/f", "projects/proj_/scenes/s/media/f",
                    "users/u/audio/" + "é".repeat(506), "🎬", "\uFFFF\uFFFE");
        }

        @ParameterizedTest
        @MethodSource("garbage")
        void garbageIsUnparseableNeverAnError(String key) {
            assertThat(LAYOUT.parse(key).outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
            assertThat(LAYOUT.isCanonical(key)).isFalse();
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @Test
        void flatKeyWithUnderscoresInIdsIsAmbiguousNotGuessed() {
            String key = "proj_a_b_c_media.mp4";
            ParsedKey parsed = LAYOUT.parse(key);
            assertThat(parsed.outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
            assertThat(parsed.template().name()).isEqualTo("legacy-flat");
            assertThat(parsed.candidates()).containsExactly(
                    new KeyParts(null, "a", "b", "c_media", key),
                    new KeyParts(null, "a", "b_c", "media", key),
                    new KeyParts(null, "a_b", "c", "media", key));
            assertThat(parsed.parts()).isEmpty();
        }

        @Test
        void readingsFromDifferentLayoutsNameNoTemplate() {
            KeyLayout layout = new KeyLayout(List.of(
                    KeyTemplate.of("media", "media/{project_id}/{scene_id}/{filename}"),
                    KeyTemplate.of("typed", "{file_type}/{project_id}/{scene_id}/{filename}")));
            ParsedKey parsed = layout.parse("media/p1/s1/f.mp4");
            assertThat(parsed.outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
            assertThat(parsed.template()).isNull();
            assertThat(parsed.candidates()).containsExactly(
                    new KeyParts(null, "p1", "s1", null, "f.mp4"),
                    new KeyParts(null, "p1", "s1", "media", "f.mp4"));
        }

        @Test
        void identicalReadingsFromTwoLayoutsAreOneMatch() {
            KeyLayout layout = new KeyLayout(List.of(
                    KeyTemplate.of("a", "media/{project_id}/{scene_id}/{filename}"),
                    KeyTemplate.of("b", "media/{project_id:proj_}/{scene_id}/{filename}")));
            ParsedKey parsed = layout.parse("media/proj_p1/s1/f.mp4");
            assertThat(parsed.candidates()).containsExactly(
                    new KeyParts(null, "proj_p1", "s1", null, "f.mp4"),
                    new KeyParts(null, "p1", "s1", null, "f.mp4"));
            ParsedKey same = new KeyLayout(List.of(
                    KeyTemplate.of("a", "media/{project_id}/{scene_id}/{filename}"),
                    KeyTemplate.of("b", "media/{project_id}/{scene_id}/{filename}"))).parse("media/p1/s1/f.mp4");
            assertThat(same.outcome()).isEqualTo(ParseOutcome.MATCHED);
            assertThat(same.template()).isNull();
        }

        @Test
        void canonicalReadingWinsOverLegacy() {
            KeyLayout layout = new KeyLayout(List.of(KeyTemplate.of("greedy", "users/{project_id}/{scene_id}/{filename}")));
            ParsedKey parsed = layout.parse("users/u1/audio/a.mp3");
            assertThat(parsed.outcome()).isEqualTo(ParseOutcome.MATCHED);
            assertThat(parsed.template().name()).isEqualTo("canonical-user");
        }

        @Test
        void withoutLegacyLayoutsOnlyCanonicalKeysRead() {
            KeyLayout canonicalOnly = new KeyLayout(List.of());
            assertThat(canonicalOnly.parse("proj_abc_s1_media.mp4").outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
            assertThat(canonicalOnly.parse("users/u/audio/a.mp3").outcome()).isEqualTo(ParseOutcome.MATCHED);
            assertThat(canonicalOnly.legacyPrefixes(OwnerScope.project("p1"))).isEmpty();
        }

        @Test
        void keyWithTooManyReadingsIsUnparseableEvenIfAnotherLayoutReadsItOnce() {
            KeyLayout layout = new KeyLayout(List.of(
                    KeyTemplate.of("loose", "{user_id}_{project_id}_{scene_id}_{file_type}_{filename}"),
                    KeyTemplate.of("exact", "a_{project_id}_{filename}")));
            String key = "a_".repeat(200) + "f";
            assertThat(layout.parse(key).outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
            assertThat(layout.ownership(key, OwnerScope.project("a"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @Test
        void readsUpTo1024Bytes() {
            assertThat(LAYOUT.parse("users/u/audio/" + "é".repeat(505)).outcome()).isEqualTo(ParseOutcome.MATCHED);
            assertThat(LAYOUT.parse("users/u/audio/" + "a".repeat(1010)).outcome()).isEqualTo(ParseOutcome.MATCHED);
            assertThat(LAYOUT.parse("users/u/audio/" + "a".repeat(1011)).outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
        }

        @Test
        void isCanonicalOnlyForTheCanonicalLayout() {
            assertThat(LAYOUT.isCanonical("users/u/projects/p/scenes/s/audio/a.mp3")).isTrue();
            assertThat(LAYOUT.isCanonical("users/u/projects/p/output/a.mp4")).isTrue();
            assertThat(LAYOUT.isCanonical("users/u/audio/a.mp3")).isTrue();
            assertThat(LAYOUT.isCanonical("projects/proj_p/scenes/s/media/a.mp4")).isFalse();
            assertThat(LAYOUT.isCanonical("proj_p_s_media.mp4")).isFalse();
            assertThat(LAYOUT.isCanonical("users/u/projects/p/scenes/s/audio/a/b.mp3")).isFalse();
        }
    }

    @Nested
    class CanonicalKey {

        static Stream<Arguments> validParts() {
            return Stream.of(
                    Arguments.of(new KeyParts("user123", "proj456", "scene789", "audio", "narration.mp3"),
                            "users/user123/projects/proj456/scenes/scene789/audio/narration.mp3"),
                    Arguments.of(new KeyParts("user123", "proj456", null, "output", "final_video.mp4"),
                            "users/user123/projects/proj456/output/final_video.mp4"),
                    Arguments.of(new KeyParts("user123", null, null, "avatar", "me.png"), "users/user123/avatar/me.png"),
                    Arguments.of(new KeyParts("u.1", "proj_abc", "s.2", "image", "a.b.c.jpg"),
                            "users/u.1/projects/proj_abc/scenes/s.2/image/a.b.c.jpg"),
                    Arguments.of(new KeyParts("u", "p", "s", "audio", "日本語 🎬.mp3"),
                            "users/u/projects/p/scenes/s/audio/日本語 🎬.mp3"));
        }

        @ParameterizedTest
        @MethodSource("validParts")
        void buildsAndReadsBack(KeyParts parts, String key) {
            assertThat(LAYOUT.canonicalKey(parts)).isEqualTo(key);
            ParsedKey parsed = LAYOUT.parse(key);
            assertThat(parsed.outcome()).isEqualTo(ParseOutcome.MATCHED);
            assertThat(parsed.parts()).contains(parts);
            assertThat(LAYOUT.isCanonical(key)).isTrue();
        }

        @Test
        void acceptsTheLongestFieldsAllowed() {
            KeyParts longest = new KeyParts("u".repeat(128), "p".repeat(128), "s".repeat(128), "t".repeat(32), "€".repeat(85));
            String key = LAYOUT.canonicalKey(longest);
            assertThat(LAYOUT.parse(key).parts()).contains(longest);
        }

        static Stream<Arguments> invalidParts() {
            return Stream.of(
                    Arguments.of(new KeyParts(null, "p", "s", "audio", "a.mp3"), "user_id", "is required"),
                    Arguments.of(new KeyParts("a/b", "p", "s", "audio", "a.mp3"), "user_id",
                            "must be 1-128 characters of A-Z a-z 0-9 _ . -"),
                    Arguments.of(new KeyParts("..", "p", "s", "audio", "a.mp3"), "user_id", "must not be . or .."),
                    Arguments.of(new KeyParts(".", "p", "s", "audio", "a.mp3"), "user_id", "must not be . or .."),
                    Arguments.of(new KeyParts("u".repeat(129), "p", "s", "audio", "a.mp3"), "user_id",
                            "must be 1-128 characters of A-Z a-z 0-9 _ . -"),
                    Arguments.of(new KeyParts("u", "", null, "audio", "a.mp3"), "project_id",
                            "must be 1-128 characters of A-Z a-z 0-9 _ . -"),
                    Arguments.of(new KeyParts("u", "p\u0000", null, "audio", "a.mp3"), "project_id",
                            "must be 1-128 characters of A-Z a-z 0-9 _ . -"),
                    Arguments.of(new KeyParts("u", "p", "..", "audio", "a.mp3"), "scene_id", "must not be . or .."),
                    Arguments.of(new KeyParts("u", null, "s", "audio", "a.mp3"), "scene_id", "requires project_id"),
                    Arguments.of(new KeyParts("u", "p", "s", null, "a.mp3"), "file_type", "is required"),
                    Arguments.of(new KeyParts("u", "p", "s", "Audio", "a.mp3"), "file_type",
                            "must be 1-32 characters of a-z 0-9 _ -"),
                    Arguments.of(new KeyParts("u", "p", "s", "t".repeat(33), "a.mp3"), "file_type",
                            "must be 1-32 characters of a-z 0-9 _ -"),
                    Arguments.of(new KeyParts("u", "p", "s", "audio", null), "filename", "is required"),
                    Arguments.of(new KeyParts("u", "p", "s", "audio", ".."), "filename", "must not be . or .."),
                    Arguments.of(new KeyParts("u", "p", "s", "audio", "a/b.mp3"), "filename", "must not contain / or \\"),
                    Arguments.of(new KeyParts("u", "p", "s", "audio", "a\\b.mp3"), "filename", "must not contain / or \\"),
                    Arguments.of(new KeyParts("u", "p", "s", "audio", "a\u0001.mp3"), "filename",
                            "must not contain control characters"),
                    Arguments.of(new KeyParts("u", "p", "s", "audio", "€".repeat(86)), "filename", "must be 1-255 UTF-8 bytes"));
        }

        @ParameterizedTest
        @MethodSource("invalidParts")
        void rejectsEachBrokenRule(KeyParts parts, String field, String message) {
            assertThatThrownBy(() -> LAYOUT.canonicalKey(parts))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.violations()).containsExactly(new Violation(field, message)));
        }

        @Test
        void reportsEveryViolationAtOnce() {
            KeyParts parts = new KeyParts(null, "a/b", "s", "Audio", "x/y");
            assertThatThrownBy(() -> LAYOUT.canonicalKey(parts))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).containsExactly(
                            new Violation("user_id", "is required"),
                            new Violation("project_id", "must be 1-128 characters of A-Z a-z 0-9 _ . -"),
                            new Violation("file_type", "must be 1-32 characters of a-z 0-9 _ -"),
                            new Violation("filename", "must not contain / or \\")));
        }

        @Test
        void sceneWithoutProjectIsReportedWithTheOtherViolations() {
            KeyParts parts = new KeyParts("u", null, "s", "audio", "..");
            assertThatThrownBy(() -> LAYOUT.canonicalKey(parts))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).containsExactly(
                            new Violation("scene_id", "requires project_id"),
                            new Violation("filename", "must not be . or ..")));
        }
    }

    @Nested
    class Prefixes {

        @Test
        void canonicalPrefixPerScope() {
            assertThat(LAYOUT.canonicalPrefixes(OwnerScope.user("u1"))).containsExactly("users/u1/");
            assertThat(LAYOUT.canonicalPrefixes(OwnerScope.project("p1").withUser("u1"))).containsExactly("users/u1/projects/p1/");
            assertThat(LAYOUT.canonicalPrefixes(OwnerScope.scene("p1", "s1").withUser("u1")))
                    .containsExactly("users/u1/projects/p1/scenes/s1/");
        }

        @Test
        void canonicalPrefixesNeedTheUser() {
            assertThat(LAYOUT.canonicalPrefixes(OwnerScope.project("p1"))).isEmpty();
            assertThat(LAYOUT.canonicalPrefixes(OwnerScope.scene("p1", "s1"))).isEmpty();
        }

        static Stream<OwnerScope> scopes() {
            return Stream.of(OwnerScope.user("u1"), OwnerScope.user("u.1"), OwnerScope.project("p1").withUser("u1"),
                    OwnerScope.project("proj_p1").withUser("u1"), OwnerScope.scene("p1", "s1").withUser("u1"));
        }

        @ParameterizedTest
        @MethodSource("scopes")
        void everyCanonicalPrefixEndsWithASlash(OwnerScope owner) {
            assertThat(LAYOUT.canonicalPrefixes(owner)).isNotEmpty().allMatch(prefix -> prefix.endsWith("/"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"p1", "proj_p1", "proj_proj_p1"})
        void legacyPrefixesCoverEveryStoredFormOfTheProject(String projectId) {
            assertThat(LAYOUT.legacyPrefixes(OwnerScope.project(projectId))).containsExactly(
                    "audio/proj_p1/", "audio/proj_proj_p1/", "proj_p1_", "proj_proj_p1_",
                    "projects/proj_p1/scenes/", "projects/proj_proj_p1/scenes/");
        }

        @Test
        void legacyPrefixesOfAScene() {
            assertThat(LAYOUT.legacyPrefixes(OwnerScope.scene("p1", "s1").withUser("u1"))).containsExactly(
                    "audio/proj_p1/s1/", "audio/proj_proj_p1/s1/", "proj_p1_s1_", "proj_proj_p1_s1_",
                    "projects/proj_p1/scenes/s1/", "projects/proj_proj_p1/scenes/s1/");
        }

        @Test
        void legacyLayoutsHoldNoUserFiles() {
            assertThat(LAYOUT.legacyPrefixes(OwnerScope.user("u1"))).isEmpty();
        }

        @Test
        void legacyPrefixesDropWhatAShorterOneCovers() {
            KeyLayout layout = new KeyLayout(List.of(
                    KeyTemplate.of("wide", "media/{project_id}/{filename}"),
                    KeyTemplate.of("narrow", "media/{project_id}/scenes/{scene_id}/{filename}")));
            assertThat(layout.legacyPrefixes(OwnerScope.project("p1"))).containsExactly("media/p1/");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a/b", "..", "proj_proj_proj_p1"})
        void unfitIdsGiveNoLegacyPrefix(String projectId) {
            assertThat(LAYOUT.legacyPrefixes(OwnerScope.project(projectId))).isEmpty();
        }

        static Stream<String> keysOfP10AndP1x() {
            return Stream.of("users/u1/projects/p10/scenes/s1/audio/a.mp3", "users/u1/projects/p10/output/f.mp4",
                    "users/u1/projects/p1_x/output/f.mp4", "users/u1/projects/p1.x/output/f.mp4",
                    "projects/proj_p10/scenes/s1/media/f.mp4", "projects/proj_p1_x/scenes/s1/media/f.mp4",
                    "projects/proj_proj_p10/scenes/s1/media/f.mp4", "audio/proj_p10/s1/a.mp3",
                    "audio/proj_p1_x/s1/a.mp3", "proj_p10_s1_media.mp4", "proj_proj_p10_s1_media.mp4");
        }

        @ParameterizedTest
        @MethodSource("keysOfP10AndP1x")
        void p1PrefixesDoNotReachOtherProjectsExceptWhereTheFlatLayoutCannotTell(String key) {
            OwnerScope p1 = OwnerScope.project("p1").withUser("u1");
            assertThat(LAYOUT.canonicalPrefixes(p1)).noneMatch(key::startsWith);
            assertThat(LAYOUT.legacyPrefixes(p1)).noneMatch(key::startsWith);
            assertThat(LAYOUT.ownership(key, p1)).isEqualTo(Ownership.NOT_OWNED);
        }
    }

    @Nested
    class OwnershipOfKeys {

        @Test
        void canonicalKeysBelongToTheirUserProjectAndScene() {
            String key = "users/u1/projects/p1/scenes/s1/audio/a.mp3";
            assertThat(LAYOUT.ownership(key, OwnerScope.user("u1"))).isEqualTo(Ownership.OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1"))).isEqualTo(Ownership.OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1").withUser("u1"))).isEqualTo(Ownership.OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.scene("p1", "s1").withUser("u1"))).isEqualTo(Ownership.OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.user("u10"))).isEqualTo(Ownership.NOT_OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1").withUser("u2"))).isEqualTo(Ownership.NOT_OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p10"))).isEqualTo(Ownership.NOT_OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("proj_p1"))).isEqualTo(Ownership.NOT_OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.scene("p1", "s10"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @Test
        void projectFileIsNoScenesFile() {
            String key = "users/u1/projects/p1/output/final_video.mp4";
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1").withUser("u1"))).isEqualTo(Ownership.OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.scene("p1", "output").withUser("u1"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "proj_abc", "proj_proj_abc"})
        void doublePrefixedKeysBelongToTheProjectWhicheverWayItsIdIsWritten(String projectId) {
            for (String key : List.of("proj_proj_abc_s1_media.mp4", "proj_abc_s1_media.mp4",
                    "projects/proj_proj_abc/scenes/s1/media/f.mp4", "audio/proj_proj_abc/s1/a.mp3")) {
                assertThat(LAYOUT.ownership(key, OwnerScope.project(projectId))).as(key).isEqualTo(Ownership.OWNED);
                assertThat(LAYOUT.ownership(key, OwnerScope.scene(projectId, "s1"))).as(key).isEqualTo(Ownership.OWNED);
                assertThat(LAYOUT.ownership(key, OwnerScope.scene(projectId, "s2"))).as(key).isEqualTo(Ownership.NOT_OWNED);
            }
        }

        @Test
        void legacyKeysBelongToNoUser() {
            assertThat(LAYOUT.ownership("proj_abc_s1_media.mp4", OwnerScope.user("abc"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @Test
        void p1AndP1xShareAmbiguousFlatKeysSoNeitherTakesThem() {
            String key = "proj_p1_x_s1_media.mp4";
            assertThat(LAYOUT.parse(key).outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
            assertThat(LAYOUT.legacyPrefixes(OwnerScope.project("p1"))).anyMatch(key::startsWith);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1"))).isEqualTo(Ownership.AMBIGUOUS);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1_x"))).isEqualTo(Ownership.AMBIGUOUS);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p10"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @Test
        void unambiguousFlatKeyOfP1IsOwnedByP1Only() {
            String key = "proj_p1_s1_media.mp4";
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p1"))).isEqualTo(Ownership.OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p10"))).isEqualTo(Ownership.NOT_OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @Test
        void ambiguousKeyIsOwnedWhenEveryReadingIsTheSameOwner() {
            // a 128-character project id cannot grow, so only the scene / file type split is in doubt
            String key = "proj_" + P128 + "_s_x_media.mp4";
            ParsedKey parsed = LAYOUT.parse(key);
            assertThat(parsed.outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
            assertThat(parsed.candidates()).containsExactly(
                    new KeyParts(null, P128, "s", "x_media", key),
                    new KeyParts(null, P128, "s_x", "media", key));
            assertThat(LAYOUT.ownership(key, OwnerScope.project(P128))).isEqualTo(Ownership.OWNED);
            assertThat(LAYOUT.ownership(key, OwnerScope.scene(P128, "s"))).isEqualTo(Ownership.AMBIGUOUS);
            assertThat(LAYOUT.ownership(key, OwnerScope.scene(P128, "s_x"))).isEqualTo(Ownership.AMBIGUOUS);
            assertThat(LAYOUT.ownership(key, OwnerScope.project("p"))).isEqualTo(Ownership.NOT_OWNED);
        }

        @Test
        void readingsFromSeveralLayoutsMustAllAgree() {
            KeyLayout layout = new KeyLayout(List.of(
                    KeyTemplate.of("media", "media/{project_id}/{scene_id}/{filename}"),
                    KeyTemplate.of("typed", "{file_type}/{project_id}/{scene_id}/{filename}"),
                    KeyTemplate.of("shifted", "{file_type}/{scene_id}/{project_id}/{filename}")));
            assertThat(layout.ownership("media/p1/s1/f.mp4", OwnerScope.project("p1"))).isEqualTo(Ownership.AMBIGUOUS);
            KeyLayout agreeing = new KeyLayout(layout.legacyTemplates().subList(0, 2));
            assertThat(agreeing.ownership("media/p1/s1/f.mp4", OwnerScope.scene("p1", "s1"))).isEqualTo(Ownership.OWNED);
        }
    }
}
