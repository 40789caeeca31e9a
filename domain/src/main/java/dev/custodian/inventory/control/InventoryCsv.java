package dev.custodian.inventory.control;

import dev.custodian.objectstore.entity.ObjectInfo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the lines of an S3 Inventory CSV data file as its manifest's {@code fileSchema} says. Every
 * field is quoted (a quote inside doubled, as RFC 4180 has it), there is no header line, and the
 * key is URL-encoded as a form value ({@code +} for a space, {@code %2B} for a plus, UTF-8 bytes as
 * {@code %XX}). A row that is not the current object (a delete marker, or an older version when the
 * report lists versions) is passed over: a listing of current objects would not show it either.
 * A line that does not fit the schema is an {@link IllegalArgumentException} naming what is wrong.
 */
public final class InventoryCsv {

    /** What a run needs of each object: the key, and the size and date that decide an orphan. */
    static final List<String> REQUIRED = List.of("Key", "Size", "LastModifiedDate");

    private final String bucket;
    private final int columns;
    private final int bucketColumn;
    private final int keyColumn;
    private final int sizeColumn;
    private final int modifiedColumn;
    private final int etagColumn;
    private final int latestColumn;
    private final int deleteMarkerColumn;

    /**
     * @param schema the column names in order
     * @param bucket the bucket every row must name when the schema has a {@code Bucket} column
     * @throws IllegalArgumentException when the schema lacks a column a run needs
     */
    public InventoryCsv(List<String> schema, String bucket) {
        List<String> missing = REQUIRED.stream().filter(column -> !schema.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("fileSchema has no " + String.join(", ", missing) + " column"
                    + (missing.size() > 1 ? "s" : "") + " (it needs " + String.join(", ", REQUIRED) + ")");
        }
        this.bucket = bucket;
        this.columns = schema.size();
        this.bucketColumn = schema.indexOf("Bucket");
        this.keyColumn = schema.indexOf("Key");
        this.sizeColumn = schema.indexOf("Size");
        this.modifiedColumn = schema.indexOf("LastModifiedDate");
        this.etagColumn = schema.indexOf("ETag");
        this.latestColumn = schema.indexOf("IsLatest");
        this.deleteMarkerColumn = schema.indexOf("IsDeleteMarker");
    }

    /** The current object a line describes, or empty for a delete marker or an older version. */
    public Optional<ObjectInfo> object(String line) {
        List<String> fields = fields(line);
        if (fields.size() != columns) {
            throw new IllegalArgumentException(fields.size() + " fields where the schema has " + columns);
        }
        if (bucketColumn >= 0 && !fields.get(bucketColumn).equals(bucket)) {
            throw new IllegalArgumentException("the row names bucket '" + fields.get(bucketColumn) + "', not '"
                    + bucket + "'");
        }
        if (flag(fields, deleteMarkerColumn, "IsDeleteMarker", false) || !flag(fields, latestColumn, "IsLatest", true)) {
            return Optional.empty();
        }
        String key = decodeKey(fields.get(keyColumn));
        long size;
        Instant modified;
        try {
            size = Long.parseLong(fields.get(sizeColumn));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Size '" + fields.get(sizeColumn) + "' is not a number");
        }
        try {
            modified = Instant.parse(fields.get(modifiedColumn));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("LastModifiedDate '" + fields.get(modifiedColumn)
                    + "' is not an ISO-8601 time");
        }
        if (size < 0) {
            throw new IllegalArgumentException("Size " + size + " is negative");
        }
        String etag = etagColumn < 0 || fields.get(etagColumn).isEmpty() ? null : fields.get(etagColumn);
        return Optional.of(new ObjectInfo(key, size, etag, modified, null, null));
    }

    private static boolean flag(List<String> fields, int column, String name, boolean absent) {
        if (column < 0 || fields.get(column).isEmpty()) {
            return absent;
        }
        return switch (fields.get(column)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " '" + fields.get(column) + "' is not true or false");
        };
    }

    /** The fields of one CSV line: quoted (a quote inside doubled) or bare; a quote inside a bare field is an error. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a quoted field at column " + (i + 1));
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        throw new IllegalArgumentException("a quote inside an unquoted field at column " + (i + 1));
                    }
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }

    /**
     * A key as the inventory writes it, decoded: {@code +} is a space, {@code %XX} a byte, and the
     * bytes must be UTF-8 (a key that is not is an error, never a guess).
     */
    static String decodeKey(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("Key '" + encoded + "' ends inside a %-escape");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("Key '" + encoded + "' has a bad %-escape at " + i);
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // a character the inventory left unescaped stands for its own UTF-8 bytes
                int end = Character.isHighSurrogate(c) && i + 1 < encoded.length() ? i + 2 : i + 1;
                bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            CharBuffer key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            if (key.isEmpty()) {
                throw new IllegalArgumentException("Key is empty");
            }
            return key.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Key '" + encoded + "' is not URL-encoded UTF-8");
        }
    }
}
