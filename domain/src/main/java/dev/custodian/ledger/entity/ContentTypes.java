package dev.custodian.ledger.entity;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The media type an object is stored and served with. A client that names none, or names
 * {@code application/octet-stream} (curl's and many SDKs' default), gets the type of its file
 * name's extension from Tika's table (the freedesktop.org shared MIME database), so an MP3 is
 * served as {@code audio/mpeg}, not as bytes. Types a browser would run — markup and scripts —
 * are only ever served as attachments: inline, from the bucket's origin, they could read what
 * the same presigned links reach.
 */
public final class ContentTypes {

    public static final String UNKNOWN = "application/octet-stream";

    /** Tika's canonical name where browsers know only an alias (Chromium plays audio/wav, not audio/vnd.wave). */
    private static final Map<String, String> AS_BROWSERS_KNOW_IT = Map.of("audio/vnd.wave", "audio/wav");

    private static final Set<String> ACTIVE = Set.of("text/html", "text/javascript", "application/javascript",
            "application/ecmascript", "text/ecmascript", "text/xml", "application/xml", "text/xsl");

    private ContentTypes() {
    }

    /** The type declared, unless it says nothing: then the file name's, or {@link #UNKNOWN}. */
    public static String of(String declared, String filename) {
        boolean saysNothing = declared == null || declared.isBlank() || baseType(declared).equals(UNKNOWN);
        return saysNothing ? byName(filename) : declared;
    }

    /** The type of the file name's extension, {@link #UNKNOWN} when it has none Tika knows. */
    public static String byName(String filename) {
        if (filename == null || filename.isBlank()) {
            return UNKNOWN;
        }
        Metadata name = new Metadata();
        name.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        try {
            // no stream: the name alone decides, nothing is read
            MediaType type = MimeTypes.getDefaultMimeTypes().detect(null, name);
            String found = type.getBaseType().toString();
            return AS_BROWSERS_KNOW_IT.getOrDefault(found, found);
        } catch (IOException e) {
            throw new UncheckedIOException("Tika's type table could not be read", e);
        }
    }

    /** Whether a browser would run content of this type: markup (any XML, SVG, HTML) or script. */
    public static boolean mustBeDownloaded(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = baseType(contentType);
        return ACTIVE.contains(base) || base.endsWith("+xml");
    }

    private static String baseType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }
}
