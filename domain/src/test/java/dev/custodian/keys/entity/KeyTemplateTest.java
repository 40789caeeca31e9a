package dev.custodian.keys.entity;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyTemplateTest {

    static final KeyTemplate SCENE = KeyTemplate.of("canonical-scene",
            "users/{user_id}/projects/{project_id}/scenes/{scene_id}/{file_type}/{filename}");
    static final KeyTemplate FLAT = KeyTemplate.of("legacy-flat", "{project_id:proj_}_{scene_id}_{file_type}.{ext}");
    static final KeyTemplate PROJECTS = KeyTemplate.of("legacy-projects",
            "projects/{project_id:proj_}/scenes/{scene_id}/{file_type}/{filename}");
    static final KeyTemplate AUDIO = KeyTemplate.of("legacy-audio",
            "{file_type=audio}/{project_id:proj_}/{scene_id}/{filename}");

    @Nested
    class Syntax {

        private static final String KNOWN = ", known: {user_id} {project_id} {scene_id} {file_type} {filename} {ext}";

        @ParameterizedTest
        @ValueSource(strings = {
                "users/{user_id}/projects/{project_id}/scenes/{scene_id}/{file_type}/{filename}",
                "users/{user_id}/{file_type}/{filename}",
                "{project_id:proj_}_{scene_id}_{file_type}.{ext}",
                "{file_type=audio}/{project_id:proj_}/{scene_id}/{filename}",
                "{filename}",
                "exports/{project_id}",
                "{project_id}.zip",
                "{scene_id:sc_}/{project_id=legacy}/{filename}"})
        void acceptsValidPatterns(String pattern) {
            KeyTemplate template = KeyTemplate.of("t", pattern);
            assertThat(template.pattern()).isEqualTo(pattern);
            assertThat(template.name()).isEqualTo("t");
            assertThat(template).hasToString("t " + pattern);
        }

        static Stream<Arguments> invalidPatterns() {
            return Stream.of(
                    Arguments.of("", "no placeholder"),
                    Arguments.of("users/plain/key", "no placeholder"),
                    Arguments.of("{unknown}/x", "unknown placeholder {unknown}" + KNOWN),
                    Arguments.of("{}/x", "unknown placeholder {}" + KNOWN),
                    Arguments.of("{User_Id}/x", "unknown placeholder {User_Id}" + KNOWN),
                    Arguments.of("{project_id", "'{' at 0 is never closed"),
                    Arguments.of("a/{project_id}/{scene_id", "'{' at 15 is never closed"),
                    Arguments.of("project_id}/x", "'}' at 10 closes no placeholder"),
                    Arguments.of("{project_id}}", "'}' at 12 closes no placeholder"),
                    Arguments.of("{{project_id}}", "'{' at 1 opens inside a placeholder"),
                    Arguments.of("{project_id}{scene_id}", "{project_id} and {scene_id} need literal text between them"),
                    Arguments.of("a/{project_id:proj_}{filename}",
                            "{project_id:proj_} and {filename} need literal text between them"),
                    Arguments.of("{project_id}/{project_id}", "{project_id} appears more than once"),
                    Arguments.of("{project_id:proj_}/{project_id}/{filename}", "{project_id} appears more than once"),
                    Arguments.of("{project_id:}/{filename}", "{project_id:} has an empty tag"),
                    Arguments.of("{file_type=Audio}/{filename}", "{file_type=Audio} fixes a value that is not a valid file_type"),
                    Arguments.of("{file_type=}/{filename}", "{file_type=} fixes a value that is not a valid file_type"),
                    Arguments.of("{project_id=..}/{filename}", "{project_id=..} fixes a value that is not a valid project_id"),
                    Arguments.of("{filename}.{ext}", "{ext} is derived from {filename}: use one or the other"),
                    Arguments.of("{project_id}.{ext}/x", "{ext} must end the template, right after a '.'"),
                    Arguments.of("{project_id}_{ext}", "{ext} must end the template, right after a '.'"),
                    Arguments.of("{ext}", "{ext} must end the template, right after a '.'"));
        }

        @ParameterizedTest
        @MethodSource("invalidPatterns")
        void rejectsInvalidPatterns(String pattern, String problem) {
            assertThatIllegalArgumentException().isThrownBy(() -> KeyTemplate.of("custom", pattern))
                    .withMessage("key template custom (" + pattern + "): " + problem);
        }

    }

    @Nested
    class Build {

        @Test
        void buildsCanonicalSceneKey() {
            assertThat(SCENE.build(new KeyParts("user123", "proj456", "scene789", "audio", "narration.mp3")))
                    .contains("users/user123/projects/proj456/scenes/scene789/audio/narration.mp3");
        }

        @Test
        void canonicalKeepsIdsThatStartWithTheLegacyTag() {
            assertThat(SCENE.build(new KeyParts("u", "proj_abc", "s", "audio", "a.mp3")))
                    .contains("users/u/projects/proj_abc/scenes/s/audio/a.mp3");
        }

        @ParameterizedTest
        @CsvSource({
                "abc, proj_abc_s1_media.mp4",
                "proj_abc, proj_abc_s1_media.mp4",
                "proj_proj_abc, proj_abc_s1_media.mp4",
                "project1, proj_project1_s1_media.mp4",
                "proj, proj_proj_s1_media.mp4"})
        void writesTheTagExactlyOnce(String projectId, String key) {
            assertThat(FLAT.build(new KeyParts(null, projectId, "s1", "media", "clip.mp4"))).contains(key);
        }

        @Test
        void flatLayoutTakesTheExtensionFromTheFilename() {
            assertThat(FLAT.build(new KeyParts(null, "abc", "s1", "audio", "narration.MP3")))
                    .contains("proj_abc_s1_audio.MP3");
            assertThat(FLAT.build(new KeyParts(null, "abc", "s1", "audio", "README"))).isEmpty();
        }

        @Test
        void fixedValueIsWrittenWhateverTheFileTypeIsMissing() {
            assertThat(AUDIO.build(new KeyParts(null, "abc", "s1", null, "a.mp3"))).contains("audio/proj_abc/s1/a.mp3");
            assertThat(AUDIO.build(new KeyParts(null, "abc", "s1", "audio", "a.mp3"))).contains("audio/proj_abc/s1/a.mp3");
        }

        @Test
        void conflictingFixedValueBuildsNothing() {
            assertThat(AUDIO.build(new KeyParts(null, "abc", "s1", "video", "a.mp4"))).isEmpty();
        }

        static Stream<KeyParts> unbuildable() {
            return Stream.of(
                    new KeyParts(null, "p", "s", "audio", "a.mp3"),
                    new KeyParts("u", null, "s", "audio", "a.mp3"),
                    new KeyParts("u", "p", "s", "audio", null),
                    new KeyParts("u", "a/b", "s", "audio", "a.mp3"),
                    new KeyParts("u", "..", "s", "audio", "a.mp3"),
                    new KeyParts("u", "p", "s", "Audio", "a.mp3"),
                    new KeyParts("u", "p", "s", "audio", "a/b.mp3"),
                    new KeyParts("u", "p", "s", "audio", ""),
                    new KeyParts("u".repeat(129), "p", "s", "audio", "a.mp3"));
        }

        @ParameterizedTest
        @MethodSource("unbuildable")
        void missingOrUnfitValuesBuildNothing(KeyParts parts) {
            assertThat(SCENE.build(parts)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"proj_proj_proj_abc", "proj_", "proj_proj_", "a/b", ""})
        void taggedIdsThatCannotBeWrittenBuildNothing(String projectId) {
            assertThat(PROJECTS.build(new KeyParts(null, projectId, "s1", "media", "f.mp4"))).isEmpty();
        }
    }

    @Nested
    class Match {

        @Test
        void readsCanonicalKey() {
            assertThat(SCENE.match("users/user123/projects/proj456/scenes/scene789/image/background.jpg"))
                    .containsExactly(new KeyParts("user123", "proj456", "scene789", "image", "background.jpg"));
        }

        @ParameterizedTest
        @CsvSource({
                "proj_abc_s1_media.mp4, abc",
                "proj_proj_abc_s1_media.mp4, abc",
                "proj_project1_s1_media.mp4, project1",
                "proj_proj_project1_s1_media.mp4, project1",
                "proj_p.1_s1_media.mp4, p.1"})
        void readsTheTagOnceOrTwiceAndKeepsTheBareId(String key, String projectId) {
            assertThat(FLAT.match(key)).containsExactly(new KeyParts(null, projectId, "s1", "media", key));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "proj_proj_proj_abc_s1_media.mp4",
                "abc_s1_media.mp4",
                "proj__s1_media.mp4",
                "proj_abc_s1_media",
                "proj_abc_s1_Media.mp4",
                "proj_abc_s1_media.tar.gz",
                "proj_abc_s1_media.mp4/",
                "proj_abc/s1_media.mp4",
                "proj_abc_s1_.mp4",
                "proj_abc__media.mp4"})
        void rejectsWhatTheFlatLayoutCannotHold(String key) {
            assertThat(FLAT.match(key)).isEmpty();
        }

        @Test
        void anIdEqualToTheTagStemCannotBeToldFromADoubledTag() {
            assertThat(FLAT.build(new KeyParts(null, "proj", "s1", "media", "f.mp4"))).contains("proj_proj_s1_media.mp4");
            assertThat(FLAT.match("proj_proj_s1_media.mp4")).isEmpty();
        }

        @Test
        void readsEveryWayAnAmbiguousKeySplits() {
            String key = "proj_a_b_c_media.mp4";
            assertThat(FLAT.match(key)).containsExactly(
                    new KeyParts(null, "a", "b", "c_media", key),
                    new KeyParts(null, "a", "b_c", "media", key),
                    new KeyParts(null, "a_b", "c", "media", key));
        }

        @Test
        void fixedPlaceholderMatchesOnlyItsValueAndReportsIt() {
            assertThat(AUDIO.match("audio/proj_ID/SCENE_ID/filename.ext"))
                    .containsExactly(new KeyParts(null, "ID", "SCENE_ID", "audio", "filename.ext"));
            assertThat(AUDIO.match("audio/proj_proj_abc/s1/narration.mp3"))
                    .containsExactly(new KeyParts(null, "abc", "s1", "audio", "narration.mp3"));
            assertThat(AUDIO.match("video/proj_abc/s1/a.mp4")).isEmpty();
            assertThat(AUDIO.match("Audio/proj_abc/s1/a.mp4")).isEmpty();
        }

        @Test
        void templateWithoutFilenameNamesTheObjectByTheLastKeySegment() {
            KeyTemplate exports = KeyTemplate.of("exports", "exports/{project_id}/{scene_id}.zip");
            assertThat(exports.match("exports/p1/s1.zip")).containsExactly(new KeyParts(null, "p1", "s1", null, "s1.zip"));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "users/./projects/p/scenes/s/audio/a.mp3",
                "users/u/projects/../scenes/s/audio/a.mp3",
                "users/u/projects/p/scenes/s/audio/..",
                "users/u/projects/p/scenes/s/audio/.",
                "users/u/projects/p/scenes/s/audio/",
                "users//projects/p/scenes/s/audio/a.mp3",
                "users/u/projects/p/scenes/s/Audio/a.mp3",
                "users/u/projects/p/scenes/s/audio/a\u0000.mp3",
                "users/u/projects/p/scenes/s/audio/a\u0085.mp3",
                "users/u/projects/p/scenes/s/audio/a/b.mp3",
                "users/u/projects/p/scenes/s/audio",
                "/users/u/projects/p/scenes/s/audio/a.mp3"})
        void rejectsValuesOutsideTheirClasses(String key) {
            assertThat(SCENE.match(key)).isEmpty();
        }

        @Test
        void readsIdsWithDots() {
            assertThat(SCENE.match("users/u.1/projects/p.2/scenes/.s3/audio/a.b.c.mp3"))
                    .containsExactly(new KeyParts("u.1", "p.2", ".s3", "audio", "a.b.c.mp3"));
        }

        @Test
        void limitsIdsTo128Characters() {
            String id128 = "i".repeat(128);
            assertThat(SCENE.match("users/" + id128 + "/projects/p/scenes/s/audio/a.mp3")).hasSize(1);
            assertThat(SCENE.match("users/" + id128 + "i/projects/p/scenes/s/audio/a.mp3")).isEmpty();
        }

        @Test
        void keysOverTheStoreLimitNeverMatch() {
            KeyTemplate user = KeyTemplate.of("user", "users/{user_id}/{file_type}/{filename}");
            assertThat(user.match("users/u/audio/" + "é".repeat(505))).hasSize(1);
            assertThat(user.match("users/u/audio/" + "é".repeat(506))).isEmpty();
            assertThat(user.match("users/u/audio/" + "a".repeat(1011))).isEmpty();
        }

        @Test
        void givesUpOnKeysWithTooManyReadings() {
            KeyTemplate loose = KeyTemplate.of("loose", "{user_id}_{project_id}_{scene_id}_{file_type}_{filename}");
            String key = "a_".repeat(200) + "f";
            assertThatThrownBy(() -> loose.match(key))
                    .isInstanceOfSatisfying(KeyTooAmbiguousException.class, e -> assertThat(e.key()).isEqualTo(key))
                    .hasMessageContaining("loose");
        }
    }

    @Nested
    class RoundTrip {

        static Stream<Arguments> templates() {
            return Stream.of(
                    Arguments.of(SCENE, new KeyParts("user123", "proj456", "scene789", "audio", "narration.mp3")),
                    Arguments.of(KeyTemplate.of("project", "users/{user_id}/projects/{project_id}/{file_type}/{filename}"),
                            new KeyParts("user123", "proj456", null, "output", "final_video.mp4")),
                    Arguments.of(KeyTemplate.of("user", "users/{user_id}/{file_type}/{filename}"),
                            new KeyParts("u.1", null, null, "avatar", "日本語 🎬.png")),
                    Arguments.of(FLAT, new KeyParts(null, "abc", "s1", "media", "proj_abc_s1_media.mp4")),
                    Arguments.of(PROJECTS, new KeyParts(null, "ID", "SCENE_ID", "media", "filename.ext")),
                    Arguments.of(AUDIO, new KeyParts(null, "6650c1f2", "scene-2", "audio", "voice.wav")));
        }

        @ParameterizedTest
        @MethodSource("templates")
        void buildThenMatchGivesThePartsBack(KeyTemplate template, KeyParts parts) {
            String key = template.build(parts).orElseThrow();
            assertThat(template.match(key)).containsExactly(parts);
            assertThat(template.build(template.match(key).get(0))).contains(key);
        }

        @Test
        void doublePrefixedKeyIsRebuiltWithASingleTag() {
            List<KeyParts> parsed = PROJECTS.match("projects/proj_proj_abc/scenes/s1/media/f.mp4");
            assertThat(parsed).containsExactly(new KeyParts(null, "abc", "s1", "media", "f.mp4"));
            assertThat(PROJECTS.build(parsed.get(0))).contains("projects/proj_abc/scenes/s1/media/f.mp4");
        }
    }

    @Nested
    class ListingPrefixes {

        @Test
        void taggedProjectGivesBothStoredForms() {
            assertThat(FLAT.listingPrefixes(OwnerScope.project("p1"))).containsExactly("proj_p1_", "proj_proj_p1_");
            assertThat(PROJECTS.listingPrefixes(OwnerScope.project("p1")))
                    .containsExactly("projects/proj_p1/scenes/", "projects/proj_proj_p1/scenes/");
            assertThat(AUDIO.listingPrefixes(OwnerScope.project("p1"))).containsExactly("audio/proj_p1/", "audio/proj_proj_p1/");
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "proj_abc", "proj_proj_abc"})
        void idsThatAlreadyCarryTheTagGiveTheSamePrefixes(String projectId) {
            assertThat(FLAT.listingPrefixes(OwnerScope.project(projectId))).containsExactly("proj_abc_", "proj_proj_abc_");
        }

        @Test
        void sceneScopeGoesDownToTheScene() {
            assertThat(FLAT.listingPrefixes(OwnerScope.scene("p1", "s1"))).containsExactly("proj_p1_s1_", "proj_proj_p1_s1_");
            assertThat(AUDIO.listingPrefixes(OwnerScope.scene("p1", "s1")))
                    .containsExactly("audio/proj_p1/s1/", "audio/proj_proj_p1/s1/");
            assertThat(SCENE.listingPrefixes(OwnerScope.scene("p1", "s1").withUser("u1")))
                    .containsExactly("users/u1/projects/p1/scenes/s1/");
        }

        @Test
        void prefixOfP1NeverCoversP10() {
            for (KeyTemplate template : List.of(FLAT, PROJECTS, AUDIO)) {
                String p10Key = template.build(new KeyParts(null, "p10", "s1", "audio", "a.mp3")).orElseThrow();
                assertThat(template.listingPrefixes(OwnerScope.project("p1"))).noneMatch(p10Key::startsWith);
            }
        }

        @Test
        void canonicalPrefixesStopAtTheFirstUndecidedPlaceholder() {
            assertThat(SCENE.listingPrefixes(OwnerScope.user("u1"))).containsExactly("users/u1/projects/");
            assertThat(SCENE.listingPrefixes(OwnerScope.project("p1").withUser("u1")))
                    .containsExactly("users/u1/projects/p1/scenes/");
        }

        @Test
        void emptyWhenTheLayoutCannotHoldTheOwner() {
            assertThat(FLAT.listingPrefixes(OwnerScope.user("u1"))).isEmpty();
            assertThat(SCENE.listingPrefixes(OwnerScope.project("p1"))).isEmpty();
            assertThat(KeyTemplate.of("project", "users/{user_id}/projects/{project_id}/{file_type}/{filename}")
                    .listingPrefixes(OwnerScope.scene("p1", "s1").withUser("u1"))).isEmpty();
        }

        static Stream<String> unfitProjectIds() {
            return Stream.of("a/b", "..", "", "p".repeat(129));
        }

        @ParameterizedTest
        @MethodSource("unfitProjectIds")
        void emptyWhenTheIdCannotAppearInTheLayout(String projectId) {
            assertThat(FLAT.listingPrefixes(OwnerScope.project(projectId))).isEmpty();
            assertThat(SCENE.listingPrefixes(OwnerScope.project(projectId).withUser("u1"))).isEmpty();
        }

        @Test
        void aTripledTagCannotAppearInATaggedLayout() {
            assertThat(FLAT.listingPrefixes(OwnerScope.project("proj_proj_proj_abc"))).isEmpty();
            assertThat(SCENE.listingPrefixes(OwnerScope.project("proj_proj_proj_abc").withUser("u1")))
                    .containsExactly("users/u1/projects/proj_proj_proj_abc/scenes/");
        }

        @Test
        void fixedValuesAreKnownText() {
            KeyTemplate fixedProject = KeyTemplate.of("fixed", "{project_id=legacy}/{scene_id}/{filename}");
            assertThat(fixedProject.listingPrefixes(OwnerScope.project("legacy"))).containsExactly("legacy/");
            assertThat(fixedProject.listingPrefixes(OwnerScope.project("p1"))).isEmpty();
            assertThat(fixedProject.listingPrefixes(OwnerScope.scene("legacy", "s1"))).containsExactly("legacy/s1/");
        }

        @Test
        void neverEndsInsideAValue() {
            assertThat(KeyTemplate.of("exports", "exports/{project_id}").listingPrefixes(OwnerScope.project("p1")))
                    .containsExactly("exports/");
            assertThat(KeyTemplate.of("zip", "{project_id}.zip").listingPrefixes(OwnerScope.project("p1")))
                    .containsExactly("p1.zip");
            assertThat(KeyTemplate.of("bare", "{project_id}").listingPrefixes(OwnerScope.project("p1"))).isEmpty();
        }
    }

    @Nested
    class ClaimedBy {

        private final KeyParts legacyAbc = FLAT.match("proj_proj_abc_s1_media.mp4").get(0);

        @ParameterizedTest
        @ValueSource(strings = {"abc", "proj_abc", "proj_proj_abc"})
        void taggedLayoutsTreatIdsWithAndWithoutTheTagAsOneProject(String projectId) {
            assertThat(FLAT.claimedBy(OwnerScope.project(projectId), legacyAbc)).isTrue();
            assertThat(FLAT.claimedBy(OwnerScope.scene(projectId, "s1"), legacyAbc)).isTrue();
            assertThat(FLAT.claimedBy(OwnerScope.project(projectId).withUser("u1"), legacyAbc)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"ab", "abcd", "proj_proj_proj_abc", "proj_ab", "Abc", "proj"})
        void otherProjectsDoNotClaim(String projectId) {
            assertThat(FLAT.claimedBy(OwnerScope.project(projectId), legacyAbc)).isFalse();
        }

        @Test
        void otherScenesAndUsersDoNotClaim() {
            assertThat(FLAT.claimedBy(OwnerScope.scene("abc", "s2"), legacyAbc)).isFalse();
            assertThat(FLAT.claimedBy(OwnerScope.user("abc"), legacyAbc)).isFalse();
        }

        @Test
        void untaggedLayoutsCompareExactly() {
            KeyParts canonical = SCENE.match("users/u1/projects/abc/scenes/s1/audio/a.mp3").get(0);
            assertThat(SCENE.claimedBy(OwnerScope.project("abc"), canonical)).isTrue();
            assertThat(SCENE.claimedBy(OwnerScope.project("proj_abc"), canonical)).isFalse();
            assertThat(SCENE.claimedBy(OwnerScope.user("u1"), canonical)).isTrue();
            assertThat(SCENE.claimedBy(OwnerScope.project("abc").withUser("u2"), canonical)).isFalse();
        }
    }
}
