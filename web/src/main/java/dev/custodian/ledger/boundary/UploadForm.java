package dev.custodian.ledger.boundary;

import dev.custodian.objectstore.entity.Payload;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An upload's multipart/form-data body, read in one pass as it streams in: the text fields into
 * memory (each at most 64 KiB), the file part into memory up to {@link #IN_MEMORY_BYTES} and into
 * one temporary file beyond that ({@link FormParts} reads the parts). Closing deletes the file.
 */
final class UploadForm implements AutoCloseable {

    /** Small files stay in memory: a request thread holds at most this much of one. */
    static final int IN_MEMORY_BYTES = 64 * 1024;
    private static final int MAX_FIELD_BYTES = 64 * 1024;
    /** Ten fields and a file is the whole form; a body of thousands of parts is refused early. */
    static final int MAX_PARTS = 32;
    /** All text fields together; each is also at most {@link #MAX_FIELD_BYTES}. */
    static final int MAX_FIELDS_BYTES = 256 * 1024;
    /** An error names this many unknown parts at most, then says how many more there were. */
    static final int UNKNOWN_NAMED = 5;

    private final Map<String, String> fields = new HashMap<>();
    private Payload file;
    private Path spooled;
    private String fileName;
    private String fileContentType;

    private UploadForm() {
    }

    /** Checks the fields sent before the file part, before any of the file is stored; throws to refuse. */
    interface FieldsCheck {
        void beforeFile(Map<String, String> fieldsSoFar, String fileName, String fileContentType);
    }

    /**
     * Reads the body; unknown fields and a second file part are violations, a body that is not
     * multipart/form-data is refused (400), a file over {@code maxFileBytes} too (413), and so is a
     * body of more than {@link #MAX_PARTS} parts or {@link #MAX_FIELDS_BYTES} of text fields, as soon
     * as it is seen. {@code check} sees the fields that came before the file part, so a form that
     * sends its fields first is refused before its file is spooled.
     */
    static UploadForm read(String contentType, InputStream body, long maxFileBytes, Violations violations,
                           FieldsCheck check) throws IOException {
        FormParts parts;
        try {
            parts = new FormParts(body, boundary(contentType));
        } catch (FormParts.MalformedException e) {
            throw new ValidationException("body", "is not multipart/form-data: " + e.getMessage());
        }
        return read(parts, maxFileBytes, violations, check);
    }

    /** Reads the parts of a body whose boundary is known; see {@link #read(String, InputStream, long, Violations, FieldsCheck)}. */
    static UploadForm read(FormParts parts, long maxFileBytes, Violations violations, FieldsCheck check)
            throws IOException {
        UploadForm form = new UploadForm();
        try {
            int count = 0;
            int unknown = 0;
            long fieldBytes = 0;
            for (var next = parts.next(); next.isPresent(); next = parts.next()) {
                if (++count > MAX_PARTS) {
                    throw new ValidationException("body", "has more than " + MAX_PARTS + " parts");
                }
                FormParts.Part part = next.get();
                String name = part.name();
                if ("file".equals(name)) {
                    if (form.file != null) {
                        violations.add("file", "must be sent once");
                    } else {
                        check.beforeFile(form.fields, part.filename(), ownType(part.contentType()));
                        form.spool(part, maxFileBytes);
                    }
                } else if (UploadFields.NAMES.contains(name)) {
                    String value = readField(part, name);
                    fieldBytes += value.length();
                    if (fieldBytes > MAX_FIELDS_BYTES) {
                        throw new ValidationException("body", "its text fields hold more than " + MAX_FIELDS_BYTES
                                + " bytes");
                    }
                    form.fields.put(name, value);
                } else if (++unknown <= UNKNOWN_NAMED) {
                    violations.add(name == null ? "(unnamed part)" : Violations.printable(name), "is not a known field");
                }
            }
            if (unknown > UNKNOWN_NAMED) {
                violations.add("body", "has " + (unknown - UNKNOWN_NAMED) + " more parts that are not known fields");
            }
            return form;
        } catch (FormParts.MalformedException e) {
            form.close();
            throw new ValidationException("body", "is not multipart/form-data: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            form.close();
            throw e;
        }
    }

    /** The Content-Type's boundary: 1 to 70 characters (RFC 2046). */
    private static String boundary(String contentType) throws FormParts.MalformedException {
        String boundary;
        try {
            boundary = MediaType.valueOf(contentType).getParameters().get("boundary");
        } catch (IllegalArgumentException e) {
            throw new FormParts.MalformedException("the Content-Type cannot be read: " + e.getMessage());
        }
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new FormParts.MalformedException("the Content-Type names no boundary of 1 to 70 characters");
        }
        return boundary;
    }

    /** The text fields sent, by name. */
    Map<String, String> fields() {
        return fields;
    }

    /** The file part's bytes; null when the body had none. */
    Payload file() {
        return file;
    }

    /** The file part's own filename, if it named one. */
    String fileName() {
        return fileName;
    }

    /** The file part's media type, unless absent or the generic application/octet-stream. */
    String fileContentType() {
        return fileContentType;
    }

    private void spool(FormParts.Part part, long limit) throws IOException {
        fileName = part.filename();
        fileContentType = ownType(part.contentType());
        byte[] buffer = new byte[IN_MEMORY_BYTES];
        try (InputStream in = part.content()) {
            int read = in.readNBytes(buffer, 0, buffer.length);
            if (read < buffer.length) {
                requireAtMost(read, limit);
                file = Payload.of(Arrays.copyOf(buffer, read));
                return;
            }
            spooled = Files.createTempFile("custodian-upload-", ".part");
            long written = 0;
            try (OutputStream out = Files.newOutputStream(spooled)) {
                do {
                    written += read;
                    requireAtMost(written, limit);
                    out.write(buffer, 0, read);
                } while ((read = in.read(buffer)) != -1);
            }
            file = Payload.of(spooled, written);
        }
    }

    /** The part's media type, unless absent or the generic application/octet-stream (which says nothing). */
    private static String ownType(String type) {
        return type == null || MediaType.APPLICATION_OCTET_STREAM.equalsIgnoreCase(type.strip()) ? null : type;
    }

    private static void requireAtMost(long bytes, long limit) {
        if (bytes > limit) {
            throw new WebApplicationException("the file is larger than " + limit + " bytes", 413);
        }
    }

    private static String readField(FormParts.Part part, String name) throws IOException {
        try (InputStream in = part.content()) {
            byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
            if (bytes.length > MAX_FIELD_BYTES) {
                throw new ValidationException(name, "is longer than " + MAX_FIELD_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        if (spooled != null) {
            Files.deleteIfExists(spooled);
        }
    }
}
