package dev.custodian.inventory.control;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.inventory.entity.InventoryException;
import dev.custodian.inventory.entity.ScannedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.IncompleteUpload;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.objectstore.entity.PresignedRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manifest checked before a run, and the data files streamed during it, against an in-memory bucket. */
class InventoriesTest {

    private static final Instant CREATED = Instant.parse("2026-12-06T01:00:00Z");
    private final Bytes bucket = new Bytes();
    private final Inventories inventories = new Inventories();

    InventoriesTest() {
        inventories.store = bucket;
    }

    @Test
    void streamsEveryCurrentObjectUnderThePrefixAcrossFilesAndResumesFromAnyCheckpoint() throws Exception {
        bucket.put("inv/a.csv.gz", gzip(rows(0, 5) + "\"media\",\"users%2Fold\",\"2\",\"false\",\"false\",\"1\","
                + "\"2026-01-01T00:00:00.000Z\",\"e\"\n"));
        bucket.put("inv/b.csv.gz", gzip(rows(5, 10) + "\"media\",\"other%2Fx\",\"2\",\"true\",\"false\",\"1\","
                + "\"2026-01-01T00:00:00.000Z\",\"e\"\n"));
        Inventory inventory = manifest("inv/a.csv.gz", "inv/b.csv.gz");

        List<ScannedObject> all = scan(inventory, null);
        assertThat(all).extracting(s -> s.object().key())
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "users/u 1/é" + i).toList());
        assertThat(all.get(4).checkpoint()).isEqualTo("0:5");
        assertThat(all.get(5).checkpoint()).as("the older version after it is passed over").isEqualTo("1:1");
        for (ScannedObject at : all) {
            assertThat(scan(inventory, at.checkpoint())).as("resumed after " + at.checkpoint())
                    .containsExactlyElementsOf(all.subList(all.indexOf(at) + 1, all.size()));
        }
    }

    @Test
    void aManifestThatCannotBeUsedIsRefusedWithWhatIsWrong() throws Exception {
        bucket.put("inv/a.csv.gz", gzip(rows(0, 1)));
        assertThatThrownBy(() -> inventories.check("nope/manifest.json")).isInstanceOf(InventoryException.class)
                .hasMessage("inventory nope/manifest.json: no manifest at this key in bucket media");
        bucket.put("m.json", "not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> inventories.check("m.json")).hasMessageEndingWith("the manifest is not a JSON object");
        refused(json("inv/a.csv.gz").replace("\"CSV\"", "\"Parquet\""),
                "fileFormat is Parquet: only CSV inventories can be read (not ORC or Parquet)");
        refused(json("inv/a.csv.gz").replace("\"sourceBucket\": \"media\"", "\"sourceBucket\": \"other\""),
                "it is an inventory of bucket other, not of media");
        refused(json("inv/a.csv.gz").replace("Bucket, Key,", "Bucket,"), "fileSchema has no Key column");
        refused(json("inv/a.csv.gz").replace("\"1765000000000\"", "\"yesterday\""),
                "creationTimestamp \"yesterday\" is not milliseconds since the epoch");
        refused(json("inv/missing.csv.gz"), "data file inv/missing.csv.gz is not in bucket media");
        refused(json("inv/a.csv.gz").replace("\"size\": " + bucket.files.get("inv/a.csv.gz").length, "\"size\": 3"),
                "data file inv/a.csv.gz has " + bucket.files.get("inv/a.csv.gz").length + " bytes, the manifest says 3");
    }

    @Test
    void whatOnlyTheRowsShowFailsTheScanNamingFileAndLine() throws Exception {
        bucket.put("inv/bad-row.csv.gz", gzip(rows(0, 2) + "\"media\",\"k\"\n"));
        assertThatThrownBy(() -> scan(manifest("inv/bad-row.csv.gz"), null)).isInstanceOf(InventoryException.class)
                .hasMessageContaining("data file inv/bad-row.csv.gz line 3 does not match the fileSchema: 2 fields");
        bucket.put("inv/plain.csv.gz", rows(0, 2).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> scan(manifest("inv/plain.csv.gz"), null)).hasMessageContaining("inv/plain.csv.gz is not gzip");
        byte[] truncated = gzip(rows(0, 2000));
        bucket.put("inv/cut.csv.gz", java.util.Arrays.copyOf(truncated, truncated.length / 2));
        assertThatThrownBy(() -> scan(manifest("inv/cut.csv.gz"), null)).hasMessageContaining("inv/cut.csv.gz is not valid gzip");
        bucket.put("inv/a.csv.gz", gzip(rows(0, 2)));
        Inventory wrongMd5 = accepted(json("inv/a.csv.gz").replaceAll("\"MD5checksum\": \"[0-9a-f]+\"",
                "\"MD5checksum\": \"00000000000000000000000000000000\""));
        assertThatThrownBy(() -> scan(wrongMd5, null))
                .hasMessageContaining("data file inv/a.csv.gz has MD5 ").hasMessageContaining("the manifest says 0000");
    }

    private void refused(String manifest, String problem) {
        bucket.put("m.json", manifest.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> inventories.check("m.json")).isInstanceOf(InventoryException.class)
                .hasMessageContaining(problem);
    }

    private List<ScannedObject> scan(Inventory inventory, String checkpoint) {
        try (Stream<ScannedObject> rows = inventories.scan("users/", inventory, checkpoint)) {
            return rows.toList();
        }
    }

    private Inventory manifest(String... files) throws Exception {
        return accepted(json(files));
    }

    private Inventory accepted(String json) {
        bucket.put("inv/manifest.json", json.getBytes(StandardCharsets.UTF_8));
        Inventory inventory = inventories.check("inv/manifest.json");
        assertThat(inventory).isEqualTo(new Inventory("inv/manifest.json", Instant.ofEpochMilli(1765000000000L)));
        return inventory;
    }

    private String json(String... files) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String file : files) {
            byte[] bytes = bucket.files.getOrDefault(file, new byte[0]);
            list.append(list.isEmpty() ? "" : ", ").append("{\"key\": \"").append(file).append("\", \"size\": ")
                    .append(bytes.length).append(", \"MD5checksum\": \"")
                    .append(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes))).append("\"}");
        }
        return "{\"sourceBucket\": \"media\", \"destinationBucket\": \"arn:aws:s3:::media\", \"version\": \"2016-11-30\","
                + " \"creationTimestamp\": \"1765000000000\", \"fileFormat\": \"CSV\", \"fileSchema\": \"Bucket, Key,"
                + " VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag\", \"files\": [" + list + "]}";
    }

    /** Rows {@code from..to-1} of current objects under {@code users/u 1/}, keys form-encoded as S3 writes them. */
    private static String rows(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "\"media\",\"users%2Fu+1%2F%C3%A9" + i + "\",\"v\",\"true\","
                + "\"false\",\"" + i + "\",\"2026-01-01T00:00:00.000Z\",\"etag" + i + "\"\n").collect(Collectors.joining());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** The bucket {@code media} in memory: HEAD and GET only. */
    private static final class Bytes implements ObjectStore {
        final Map<String, byte[]> files = new HashMap<>();

        void put(String key, byte[] bytes) {
            files.put(key, bytes);
        }

        @Override
        public String bucket() {
            return "media";
        }

        @Override
        public Optional<ObjectInfo> head(String key) {
            return Optional.ofNullable(files.get(key)).map(b -> new ObjectInfo(key, b.length, "e", CREATED, null, null));
        }

        @Override
        public InputStream get(String key) {
            return new ByteArrayInputStream(files.get(key));
        }

        @Override
        public Duration requestTimeout() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Duration copyTimeout() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectInfo put(String key, Payload payload, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PresignedRequest presignPut(String key, String contentType, long sizeBytes, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PresignedRequest presignGet(String key, Duration ttl, String attachmentName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectInfo copy(String fromKey, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<ObjectInfo> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<ObjectInfo> list(String prefix, String startAfter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DeleteOutcome> delete(List<String> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<IncompleteUpload> incompleteUploads(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abortUpload(IncompleteUpload upload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isReachable() {
            return true;
        }
    }
}
