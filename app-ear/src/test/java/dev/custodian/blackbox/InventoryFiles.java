package dev.custodian.blackbox;

import dev.custodian.testing.S3ProxyServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an S3 Inventory report into the test bucket as S3 delivers one: gzip CSV data files (every
 * field quoted, keys form-encoded, no header) and a {@code manifest.json} naming them with their
 * size and MD5. No object is written for the rows: the report is all a run reads of them.
 */
public final class InventoryFiles {

    public static final String SCHEMA = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag";

    private InventoryFiles() {
    }

    /** A row of {@link #SCHEMA} for the test bucket. */
    public static String row(String key, boolean latest, boolean deleteMarker, long size, Instant modified, String etag) {
        return List.of(S3ProxyServer.BUCKET, URLEncoder.encode(key, StandardCharsets.UTF_8), "v-" + modified.toEpochMilli(),
                        Boolean.toString(latest), Boolean.toString(deleteMarker), deleteMarker ? "" : Long.toString(size),
                        modified.toString(), deleteMarker ? "" : etag).stream()
                .map(field -> "\"" + field.replace("\"", "\"\"") + "\"").collect(Collectors.joining(","));
    }

    /**
     * The rows as data files of at most {@code perFile} rows under {@code at}, then the manifest of a
     * report taken at {@code createdAt}; returns the manifest's key.
     */
    public static String write(String at, Instant createdAt, Iterator<String> rows, int perFile) {
        List<String> files = new ArrayList<>();
        while (rows.hasNext()) {
            String key = at + "data/" + files.size() + ".csv.gz";
            byte[] gzip = gzip(rows, perFile);
            Bucket.put(key, gzip);
            files.add("{\"key\": \"" + key + "\", \"size\": " + gzip.length + ", \"MD5checksum\": \"" + md5(gzip) + "\"}");
        }
        return manifest(at, "{\"sourceBucket\": \"" + S3ProxyServer.BUCKET + "\", \"destinationBucket\": \"arn:aws:s3:::"
                + S3ProxyServer.BUCKET + "\", \"version\": \"2016-11-30\", \"creationTimestamp\": \""
                + createdAt.toEpochMilli() + "\", \"fileFormat\": \"CSV\", \"fileSchema\": \"" + SCHEMA
                + "\", \"files\": [" + String.join(", ", files) + "]}");
    }

    /** Any text as {@code <at>manifest.json}; returns its key. */
    public static String manifest(String at, String json) {
        String key = at + "manifest.json";
        Bucket.put(key, json.getBytes(StandardCharsets.UTF_8));
        return key;
    }

    private static byte[] gzip(Iterator<String> rows, int perFile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(bytes, 64 * 1024), StandardCharsets.UTF_8)) {
            for (int n = 0; n < perFile && rows.hasNext(); n++) {
                out.write(rows.next());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
