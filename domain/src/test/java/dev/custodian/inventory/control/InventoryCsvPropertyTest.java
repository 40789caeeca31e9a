package dev.custodian.inventory.control;

import dev.custodian.objectstore.entity.ObjectInfo;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The inventory CSV reader, for any key S3 can hold and for any text at all. */
class InventoryCsvPropertyTest {

    private static final List<String> VERSIONED = List.of("Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker",
            "Size", "LastModifiedDate", "ETag");
    private final InventoryCsv csv = new InventoryCsv(VERSIONED, "media");

    /** Keys of any Unicode text (no lone surrogates: S3 keys are UTF-8), with the characters that trip decoders. */
    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> tricky = Arbitraries.strings().withChars("a/ +%\",.é漢\t~*'()").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> emoji = tricky.map(key -> key + "🎬");
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30);
        return Arbitraries.oneOf(tricky, emoji, any)
                .filter(s -> s.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE));
    }

    @Provide
    Arbitrary<Instant> times() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
    }

    /** A row as S3 writes it: every field quoted, the key form-encoded. */
    private static String row(String key, String latest, String deleteMarker, long size, Instant modified, String etag) {
        return List.of("media", URLEncoder.encode(key, StandardCharsets.UTF_8), "v1", latest, deleteMarker,
                        Long.toString(size), modified.toString(), etag).stream()
                .map(field -> "\"" + field.replace("\"", "\"\"") + "\"").collect(Collectors.joining(","));
    }

    @Property(tries = 1000)
    void aCurrentObjectReadsBackExactlyAsWritten(@ForAll("keys") String key, @ForAll @LongRange(max = 5L << 40) long size,
                                                @ForAll("times") Instant modified) {
        Optional<ObjectInfo> object = csv.object(row(key, "true", "false", size, modified, "0f343b0931126a20f133d67c2b018a3b"));
        assertThat(object).contains(new ObjectInfo(key, size, "0f343b0931126a20f133d67c2b018a3b", modified, null, null));
    }

    @Property(tries = 200)
    void onlyTheLatestVersionThatIsNoDeleteMarkerIsAnObject(@ForAll("keys") String key, @ForAll boolean latest,
                                                            @ForAll boolean deleteMarker) {
        Optional<ObjectInfo> object = csv.object(row(key, Boolean.toString(latest), Boolean.toString(deleteMarker), 1,
                Instant.EPOCH, "e"));
        assertThat(object.isPresent()).isEqualTo(latest && !deleteMarker);
    }

    @Property(tries = 500)
    void quotedFieldsSplitBackIntoWhatWasQuoted(@ForAll List<@net.jqwik.api.constraints.StringLength(max = 10) String> fields) {
        net.jqwik.api.Assume.that(!fields.isEmpty());
        String line = fields.stream().map(field -> "\"" + field.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(","));
        assertThat(InventoryCsv.fields(line)).isEqualTo(fields);
    }

    @Property(tries = 1000)
    void anyTextIsReadOrRefusedWithAReasonNeverAnythingElse(@ForAll String line) {
        Throwable failure = catchThrowable(() -> csv.object(line));
        assertThat(failure).as("never a crash: %s", failure).satisfiesAnyOf(
                f -> assertThat(f).isNull(),
                f -> assertThat(f).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("null"));
    }

    @Property(tries = 1000)
    void anyEncodedKeyIsDecodedOrRefusedWithAReason(@ForAll String encoded) {
        Throwable failure = catchThrowable(() -> InventoryCsv.decodeKey(encoded));
        assertThat(failure).satisfiesAnyOf(f -> assertThat(f).isNull(),
                f -> assertThat(f).isInstanceOf(IllegalArgumentException.class));
    }

    @Property(tries = 50)
    void aPlusIsASpaceAndAnEscapedPlusIsAPlus() {
        assertThat(InventoryCsv.decodeKey("a+b%2Bc%20d")).isEqualTo("a b+c d");
        assertThat(InventoryCsv.decodeKey("caf%C3%A9/%E6%BC%A2.png")).isEqualTo("café/漢.png");
        assertThat(InventoryCsv.decodeKey("café")).as("left unescaped").isEqualTo("café");
    }

    @Property(tries = 1)
    void whatDoesNotFitTheSchemaIsNamed() {
        assertThatThrownBy(() -> InventoryCsv.decodeKey("a%2")).hasMessageContaining("ends inside a %-escape");
        assertThatThrownBy(() -> InventoryCsv.decodeKey("a%zz")).hasMessageContaining("bad %-escape");
        assertThatThrownBy(() -> InventoryCsv.decodeKey("a%C3")).hasMessageContaining("not URL-encoded UTF-8");
        assertThatThrownBy(() -> csv.object("\"media\",\"k\"")).hasMessage("2 fields where the schema has 8");
        assertThatThrownBy(() -> csv.object(row("k", "true", "false", 1, Instant.EPOCH, "e").replace("\"media\"",
                "\"other\""))).hasMessageContaining("names bucket 'other', not 'media'");
        assertThatThrownBy(() -> csv.object(row("k", "yes", "false", 1, Instant.EPOCH, "e")))
                .hasMessageContaining("IsLatest 'yes' is not true or false");
        assertThatThrownBy(() -> csv.object("\"media\",\"k\"x,\"v\",\"true\",\"false\",\"1\",\"t\",\"e\""))
                .hasMessageContaining("text after a quoted field");
        assertThatThrownBy(() -> new InventoryCsv(List.of("Bucket", "Key", "ETag"), "media"))
                .hasMessage("fileSchema has no Size, LastModifiedDate columns (it needs Key, Size, LastModifiedDate)");
        assertThat(new InventoryCsv(List.of("Key", "LastModifiedDate", "Size"), "media")
                .object("\"a+b\",\"2026-12-06T01:02:03.000Z\",\"7\""))
                .as("columns in any order; no ETag, no Bucket")
                .contains(new ObjectInfo("a b", 7, null, Instant.parse("2026-12-06T01:02:03Z"), null, null));
    }
}
