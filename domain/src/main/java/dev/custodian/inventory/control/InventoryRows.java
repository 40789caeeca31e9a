package dev.custodian.inventory.control;

import dev.custodian.inventory.entity.InventoryException;
import dev.custodian.inventory.entity.InventoryManifest;
import dev.custodian.inventory.entity.ScannedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * The current objects of an inventory report under a prefix, read one data file after the other as
 * the stream is consumed: one line in memory at a time, whatever the report's size. Each object's
 * checkpoint is {@code <file index>:<lines read in that file>}; a scan resumed from it opens that
 * file again and skips those lines. A file's MD5, when the manifest gives one, is checked when the
 * file has been read to its end (a resumed file is read from its start, so the check still covers it).
 */
final class InventoryRows implements Iterator<ScannedObject>, AutoCloseable {

    /** Longer than any row S3 writes (a key is at most 1024 bytes, 3072 characters escaped); bounds memory. */
    static final int MAX_LINE = 64 * 1024;

    private final ObjectStore store;
    private final InventoryManifest manifest;
    private final InventoryCsv csv;
    private final String prefix;
    private int file;
    private long line;
    private long resumeAfter;
    private DigestInputStream raw;
    private BufferedReader reader;
    private ScannedObject next;

    private InventoryRows(ObjectStore store, InventoryManifest manifest, InventoryCsv csv, String prefix,
                          String checkpoint) {
        this.store = store;
        this.manifest = manifest;
        this.csv = csv;
        this.prefix = prefix;
        if (checkpoint != null) {
            String[] at = checkpoint.split(":", 2);
            this.file = Integer.parseInt(at[0]);
            this.resumeAfter = Long.parseLong(at[1]);
        }
    }

    /** The report's current objects under the prefix after the checkpoint (null: from the start); close the stream. */
    static Stream<ScannedObject> stream(ObjectStore store, InventoryManifest manifest, InventoryCsv csv,
                                        String prefix, String checkpoint) {
        InventoryRows rows = new InventoryRows(store, manifest, csv, prefix, checkpoint);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(rows::close);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (reader == null) {
                if (file >= manifest.files().size()) {
                    return false;
                }
                open();
            }
            String text = readLine();
            if (text == null) {
                finishFile();
                continue;
            }
            line++;
            if (line <= resumeAfter) {
                continue;
            }
            Optional<ObjectInfo> object;
            try {
                object = csv.object(text);
            } catch (IllegalArgumentException e) {
                throw failure("line " + line + " does not match the fileSchema: " + e.getMessage(), null);
            }
            if (object.isPresent() && object.get().key().startsWith(prefix)) {
                next = new ScannedObject(object.get(), file + ":" + line);
            }
        }
        return true;
    }

    @Override
    public ScannedObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ScannedObject object = next;
        next = null;
        return object;
    }

    private void open() {
        InventoryManifest.DataFile data = manifest.files().get(file);
        InputStream body;
        try {
            body = store.get(data.key());
        } catch (ObjectStoreException e) {
            if (e.isTransient()) {
                throw e;
            }
            throw failure("could not be read (" + e.code() + ")", e);
        }
        try {
            raw = new DigestInputStream(body, MessageDigest.getInstance("MD5"));
            reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw, 64 * 1024),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
        } catch (IOException e) {
            InventoryException failure = failure("is not gzip: " + e.getMessage(), e);
            try {
                body.close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
        line = 0;
    }

    /** The next line without its end, null at the file's end; a line longer than {@link #MAX_LINE} is an error. */
    private String readLine() {
        StringBuilder text = new StringBuilder();
        try {
            for (int c = reader.read(); ; c = reader.read()) {
                if (c < 0) {
                    return text.isEmpty() ? null : text.toString();
                }
                if (c == '\n') {
                    int end = text.length();
                    return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
                }
                if (text.length() >= MAX_LINE) {
                    throw failure("line " + (line + 1) + " is longer than " + MAX_LINE + " characters", null);
                }
                text.append((char) c);
            }
        } catch (IOException e) {
            throw failure("is not valid gzip of UTF-8 text at line " + (line + 1) + ": " + e.getMessage(), e);
        }
    }

    /** At a file's end: what follows the gzip data counts for the MD5 too, then the MD5 must match. */
    private void finishFile() {
        InventoryManifest.DataFile data = manifest.files().get(file);
        try {
            raw.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw failure("could not be read to its end: " + e.getMessage(), e);
        }
        String md5 = HexFormat.of().formatHex(raw.getMessageDigest().digest());
        close();
        if (data.md5() != null && !data.md5().equalsIgnoreCase(md5)) {
            throw failure("has MD5 " + md5 + ", the manifest says " + data.md5(), null);
        }
        file++;
        resumeAfter = 0;
    }

    private InventoryException failure(String problem, Throwable cause) {
        return new InventoryException(manifest.key(), "data file " + manifest.files().get(file).key() + " "
                + problem, cause);
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                reader = null;
                raw = null;
            }
        }
    }
}
