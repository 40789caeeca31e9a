package dev.custodian.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiersTest {

    private static final String ID_RULE = "must be 1-128 characters of A-Z a-z 0-9 _ . -";
    private static final String FILE_TYPE_RULE = "must be 1-32 characters of a-z 0-9 _ -";
    private static final String FILENAME_BYTES_RULE = "must be 1-255 UTF-8 bytes";
    private static final String NOT_DOTS = "must not be . or ..";

    @ParameterizedTest
    @ValueSource(strings = {"a", "user123", "proj_abc", "proj_proj_abc", "a.b", "A-Z_0.9", "...", ".hidden", "-"})
    void acceptsIds(String id) {
        Violations v = new Violations();
        Identifiers.requireId(v, "project_id", id);
        Identifiers.optionalId(v, "project_id", id);
        assertThat(v.list()).isEmpty();
    }

    @Test
    void acceptsIdOf128Characters() {
        Violations v = new Violations();
        Identifiers.requireId(v, "user_id", "u".repeat(128));
        assertThat(v.isEmpty()).isTrue();
    }

    static Stream<Arguments> badIds() {
        return Stream.of(
                Arguments.of("", ID_RULE),
                Arguments.of("u".repeat(129), ID_RULE),
                Arguments.of("a/b", ID_RULE),
                Arguments.of("a\\b", ID_RULE),
                Arguments.of("a b", ID_RULE),
                Arguments.of("é", ID_RULE),
                Arguments.of("a\u0000", ID_RULE),
                Arguments.of("a\n", ID_RULE),
                Arguments.of("{project_id}", ID_RULE),
                Arguments.of(".", NOT_DOTS),
                Arguments.of("..", NOT_DOTS));
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void rejectsIds(String id, String message) {
        Violations required = new Violations();
        Identifiers.requireId(required, "scene_id", id);
        Violations optional = new Violations();
        Identifiers.optionalId(optional, "scene_id", id);

        assertThat(required.list()).containsExactly(new Violation("scene_id", message));
        assertThat(optional.list()).containsExactly(new Violation("scene_id", message));
    }

    @Test
    void missingIdIsRequiredUnlessOptional() {
        Violations v = new Violations();
        Identifiers.requireId(v, "user_id", null);
        Identifiers.optionalId(v, "project_id", null);
        assertThat(v.list()).containsExactly(new Violation("user_id", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio", "media", "output", "final_clip", "x-1", "0"})
    void acceptsFileTypes(String fileType) {
        Violations v = new Violations();
        Identifiers.requireFileType(v, "file_type", fileType);
        assertThat(v.list()).isEmpty();
    }

    @Test
    void acceptsFileTypeOf32Characters() {
        Violations v = new Violations();
        Identifiers.requireFileType(v, "file_type", "t".repeat(32));
        assertThat(v.list()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Audio", "AUDIO", "a.b", "a/b", "a b", "é", "."})
    void rejectsFileTypes(String fileType) {
        Violations v = new Violations();
        Identifiers.requireFileType(v, "file_type", fileType);
        assertThat(v.list()).containsExactly(new Violation("file_type", FILE_TYPE_RULE));
    }

    @Test
    void rejectsFileTypeOf33Characters() {
        Violations v = new Violations();
        Identifiers.requireFileType(v, "file_type", "t".repeat(33));
        assertThat(v.list()).containsExactly(new Violation("file_type", FILE_TYPE_RULE));
    }

    @Test
    void missingFileTypeIsRequired() {
        Violations v = new Violations();
        Identifiers.requireFileType(v, "file_type", null);
        assertThat(v.list()).containsExactly(new Violation("file_type", "is required"));
    }

    static Stream<String> goodFilenames() {
        return Stream.of("narration.mp3", "final_video.mp4", "my file (1).mp4", "...", ".hidden", "a..b",
                "n".repeat(255), "€".repeat(85), "日本語.mp3", "clip 🎬.mp4", "proj_proj_abc_s1_media.mp4");
    }

    @ParameterizedTest
    @MethodSource("goodFilenames")
    void acceptsFilenames(String filename) {
        Violations v = new Violations();
        Identifiers.requireFilename(v, "filename", filename);
        assertThat(v.list()).isEmpty();
    }

    static Stream<Arguments> badFilenames() {
        return Stream.of(
                Arguments.of(null, "is required"),
                Arguments.of("", FILENAME_BYTES_RULE),
                Arguments.of("n".repeat(256), FILENAME_BYTES_RULE),
                // 86 three-byte characters: 86 chars, 258 bytes
                Arguments.of("€".repeat(86), FILENAME_BYTES_RULE),
                // 128 two-byte characters: well under 255 chars, 256 bytes
                Arguments.of("é".repeat(128), FILENAME_BYTES_RULE),
                Arguments.of(".", NOT_DOTS),
                Arguments.of("..", NOT_DOTS),
                Arguments.of("a/b.mp3", "must not contain / or \\"),
                Arguments.of("../etc", "must not contain / or \\"),
                Arguments.of("a\\b.mp3", "must not contain / or \\"),
                Arguments.of("a\u0000b", "must not contain control characters"),
                Arguments.of("a\nb", "must not contain control characters"),
                Arguments.of("a\tb", "must not contain control characters"),
                Arguments.of("\u001F", "must not contain control characters"),
                Arguments.of("a\u007Fb", "must not contain control characters"),
                Arguments.of("a\u0080b", "must not contain control characters"),
                Arguments.of("a\u0085b", "must not contain control characters"),
                Arguments.of("a\u009Fb", "must not contain control characters"),
                Arguments.of("a\uD800b", "must be valid Unicode text"),
                Arguments.of("a\uDC00", "must be valid Unicode text"));
    }

    @ParameterizedTest
    @MethodSource("badFilenames")
    void rejectsFilenames(String filename, String message) {
        Violations v = new Violations();
        Identifiers.requireFilename(v, "filename", filename);
        assertThat(v.list()).containsExactly(new Violation("filename", message));
    }

    @Test
    void acceptsNonControlCharactersRightAroundTheControlRanges() {
        Violations v = new Violations();
        Identifiers.requireFilename(v, "filename", " ~\u00A0");
        assertThat(v.list()).isEmpty();
    }

    @Test
    void keyLimitIs1024Bytes() {
        assertThat(Identifiers.MAX_KEY_BYTES).isEqualTo(1024);
    }

    @Test
    void acceptsKeyOfExactly1024Bytes() {
        Violations v = new Violations();
        Identifiers.requireKeyLength(v, "key", "k".repeat(1024));
        Identifiers.requireKeyLength(v, "key", "users/u/audio/" + "é".repeat(505));
        assertThat(v.list()).isEmpty();
    }

    @Test
    void rejectsKeyOver1024Bytes() {
        Violations v = new Violations();
        Identifiers.requireKeyLength(v, "key", "k".repeat(1025));
        assertThat(v.list()).containsExactly(new Violation("key", "must be 1-1024 UTF-8 bytes, is 1025"));
    }

    @Test
    void countsKeyLengthInBytesNotCharacters() {
        Violations v = new Violations();
        String key = "€".repeat(342);
        Identifiers.requireKeyLength(v, "key", key);
        assertThat(key).hasSizeLessThan(1024);
        assertThat(v.list()).containsExactly(new Violation("key", "must be 1-1024 UTF-8 bytes, is 1026"));
    }

    @Test
    void rejectsEmptyAndMissingKey() {
        Violations v = new Violations();
        Identifiers.requireKeyLength(v, "key", "");
        Identifiers.requireKeyLength(v, "key", null);
        assertThat(v.list()).containsExactly(
                new Violation("key", "must be 1-1024 UTF-8 bytes, is 0"),
                new Violation("key", "is required"));
    }

    @Test
    void collectsEveryFieldInOnePass() {
        Violations v = new Violations();
        Identifiers.requireId(v, "user_id", null);
        Identifiers.optionalId(v, "project_id", "..");
        Identifiers.requireFileType(v, "file_type", "Audio");
        Identifiers.requireFilename(v, "filename", "a/b");
        assertThat(v.list()).extracting(Violation::field)
                .containsExactly("user_id", "project_id", "file_type", "filename");
    }

    @Test
    void acceptsFreeTextUpTo500CharactersAndNull() {
        Violations v = new Violations();
        Identifiers.optionalText(v, "reason", null);
        Identifiers.optionalText(v, "reason", "user asked — GDPR request #12");
        Identifiers.optionalText(v, "reason", "r".repeat(500));
        assertThat(v.list()).isEmpty();
    }

    @Test
    void rejectsFreeTextThatIsTooLongMultiLineOrBrokenUnicode() {
        Violations v = new Violations();
        Identifiers.optionalText(v, "reason", "r".repeat(501));
        Identifiers.optionalText(v, "reason", "line one\nline two");
        Identifiers.optionalText(v, "reason", "\u0085hidden");
        Identifiers.optionalText(v, "reason", "broken \ud800");
        assertThat(v.list()).containsExactly(
                new Violation("reason", "must be at most 500 characters"),
                new Violation("reason", "must not contain control characters"),
                new Violation("reason", "must not contain control characters"),
                new Violation("reason", "must be valid Unicode text"));
    }
}
