package dev.custodian.inventory.control;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.inventory.entity.InventoryException;
import dev.custodian.inventory.entity.InventoryManifest;
import dev.custodian.inventory.entity.ScannedObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a maintenance run or a backfill scans: the bucket listing, or the S3 Inventory report it
 * names (a day old at most, one GET per data file instead of one request per 1000 keys). The
 * manifest is checked before a run is accepted, so a report that cannot be read is refused with
 * what is wrong and nothing changes; what only the rows can show (bad gzip, a row that does not fit
 * the schema, a wrong MD5) fails the run with the same kind of message. Reads only the service's
 * bucket: the report must be delivered into it. Never inside a transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class Inventories {

    /** A manifest lists a few thousand files at most; anything bigger is not one. */
    static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
    private static final String ARN_PREFIX = "arn:aws:s3:::";

    @Inject
    ObjectStore store;

    /**
     * Reads and checks the manifest and HEADs each data file (there, with the manifest's size).
     *
     * @throws InventoryException naming what is wrong
     */
    public Inventory check(String manifestKey) {
        InventoryManifest manifest = read(manifestKey);
        for (InventoryManifest.DataFile data : manifest.files()) {
            ObjectInfo found = store.head(data.key()).orElseThrow(() -> new InventoryException(manifestKey,
                    "data file " + data.key() + " is not in bucket " + store.bucket()));
            if (found.sizeBytes() != data.size()) {
                throw new InventoryException(manifestKey, "data file " + data.key() + " has " + found.sizeBytes()
                        + " bytes, the manifest says " + data.size());
            }
        }
        return manifest.inventory();
    }

    /**
     * The objects under the prefix, after the checkpoint a previous scan of the same source handed
     * out (null: from the start), read as the stream is consumed; the caller closes it.
     */
    public Stream<ScannedObject> scan(String prefix, Inventory inventory, String checkpoint) {
        if (inventory == null) {
            return store.list(prefix, checkpoint).map(object -> new ScannedObject(object, object.key()));
        }
        InventoryManifest manifest = read(inventory.manifestKey());
        if (!manifest.createdAt().equals(inventory.createdAt())) {
            throw new InventoryException(inventory.manifestKey(), "the manifest was replaced since the run was"
                    + " accepted (creationTimestamp " + manifest.createdAt() + ", was " + inventory.createdAt() + ")");
        }
        return InventoryRows.stream(store, manifest, new InventoryCsv(manifest.columns(), store.bucket()), prefix,
                checkpoint);
    }

    private InventoryManifest read(String manifestKey) {
        ObjectInfo found = store.head(manifestKey).orElseThrow(() -> new InventoryException(manifestKey,
                "no manifest at this key in bucket " + store.bucket()));
        if (found.sizeBytes() > MAX_MANIFEST_BYTES) {
            throw new InventoryException(manifestKey, "the manifest has " + found.sizeBytes() + " bytes, more than "
                    + MAX_MANIFEST_BYTES + ": not an inventory manifest");
        }
        try (InputStream body = store.get(manifestKey)) {
            return parse(manifestKey, body.readNBytes(MAX_MANIFEST_BYTES), store.bucket());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + manifestKey, e);
        }
    }

    /** The manifest of an inventory of {@code bucket} delivered into {@code bucket}, or what is wrong with it. */
    static InventoryManifest parse(String manifestKey, byte[] json, String bucket) {
        JsonObject manifest;
        try (var reader = Json.createReader(new ByteArrayInputStream(json))) {
            manifest = reader.readObject();
        } catch (JsonParsingException e) {
            throw new InventoryException(manifestKey, "the manifest is not a JSON object");
        }
        String format = text(manifestKey, manifest, "fileFormat");
        if (!format.equals("CSV")) {
            throw new InventoryException(manifestKey, "fileFormat is " + format + ": only CSV inventories can be"
                    + " read (not ORC or Parquet)");
        }
        String source = text(manifestKey, manifest, "sourceBucket");
        if (!source.equals(bucket)) {
            throw new InventoryException(manifestKey, "it is an inventory of bucket " + source + ", not of " + bucket);
        }
        String destination = text(manifestKey, manifest, "destinationBucket");
        if (!destination.equals(bucket) && !destination.equals(ARN_PREFIX + bucket)) {
            throw new InventoryException(manifestKey, "its data files are in " + destination
                    + ": only the service's bucket " + bucket + " can be read");
        }
        List<String> columns = Arrays.stream(text(manifestKey, manifest, "fileSchema").split(",", -1))
                .map(String::trim).toList();
        try {
            new InventoryCsv(columns, bucket);
        } catch (IllegalArgumentException e) {
            throw new InventoryException(manifestKey, e.getMessage());
        }
        return new InventoryManifest(manifestKey, source, destination, createdAt(manifestKey, manifest), columns,
                files(manifestKey, manifest));
    }

    private static Instant createdAt(String manifestKey, JsonObject manifest) {
        JsonValue value = manifest.get("creationTimestamp");
        String millis = value instanceof JsonString s ? s.getString() : value instanceof JsonNumber n ? n.toString() : "";
        if (!millis.matches("[0-9]{1,15}")) {
            throw new InventoryException(manifestKey, "creationTimestamp " + (value == null ? "is missing" : value
                    + " is not milliseconds since the epoch"));
        }
        return Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static List<InventoryManifest.DataFile> files(String manifestKey, JsonObject manifest) {
        if (!(manifest.get("files") instanceof jakarta.json.JsonArray files)) {
            throw new InventoryException(manifestKey, "files is missing or not an array");
        }
        List<InventoryManifest.DataFile> data = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String where = "files[" + i + "]";
            if (!(files.get(i) instanceof JsonObject file)) {
                throw new InventoryException(manifestKey, where + " is not an object");
            }
            String key = text(manifestKey, file, "key", where + ".key");
            if (!(file.get("size") instanceof JsonNumber size) || !size.isIntegral() || size.longValue() < 0) {
                throw new InventoryException(manifestKey, where + ".size is missing or not a byte count");
            }
            JsonValue md5 = file.get("MD5checksum");
            if (md5 != null && !(md5 instanceof JsonString hex && hex.getString().matches("[0-9a-fA-F]{32}"))) {
                throw new InventoryException(manifestKey, where + ".MD5checksum is not 32 hex digits");
            }
            data.add(new InventoryManifest.DataFile(key, size.longValue(),
                    md5 == null ? null : ((JsonString) md5).getString()));
        }
        return data;
    }

    private static String text(String manifestKey, JsonObject json, String name) {
        return text(manifestKey, json, name, name);
    }

    private static String text(String manifestKey, JsonObject json, String name, String where) {
        if (!(json.get(name) instanceof JsonString value) || value.getString().isBlank()) {
            throw new InventoryException(manifestKey, where + " is missing or not a string");
        }
        return value.getString();
    }
}
