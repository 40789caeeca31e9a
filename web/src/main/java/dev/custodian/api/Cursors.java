package dev.custodian.api;

import dev.custodian.validation.ValidationException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * Opaque list cursors. A cursor wraps the last id of a page (keyset paging); clients must not
 * build or parse them, so the encoding may change.
 */
public final class Cursors {

    private static final String VERSION = "1:";

    private Cursors() {
    }

    public static String after(UUID lastId) {
        return encode("" + lastId);
    }

    /** The id a cursor points after, or null for the first page. */
    public static UUID parse(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : decode(cursor, "", UUID::fromString);
    }

    /** A cursor after a numeric id (findings, audit events). */
    public static String after(long lastId) {
        return encode("#" + lastId);
    }

    /** The numeric id a cursor points after, or 0 for the first page. */
    public static long parseNumber(String cursor) {
        return cursor == null || cursor.isEmpty() ? 0 : decode(cursor, "#", Long::parseLong);
    }

    /** A cursor after a text value (a keyset on text: usage groups, a deletion's keys). */
    public static String afterValue(String lastValue) {
        return encode("$" + lastValue);
    }

    /** The text value a cursor points after, or null for the first page. */
    public static String parseValue(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : decode(cursor, "$", text -> text);
    }

    /** A position in an ordered list: the index of the next item and the text value of the last one shown. */
    public record Position(long next, String after) {
    }

    /** A cursor after a text value at a known position (a receipt's leaves, which carry their index). */
    public static String afterPosition(long next, String lastValue) {
        return encode("@" + next + ":" + lastValue);
    }

    /** The position a cursor points after, or the start (0, null) for the first page. */
    public static Position parsePosition(String cursor) {
        return cursor == null || cursor.isEmpty() ? new Position(0, null) : decode(cursor, "@", text -> {
            int colon = text.indexOf(':');
            long next = Long.parseLong(text.substring(0, Math.max(colon, 0)));
            if (colon < 0 || next < 0) {
                throw new IllegalArgumentException(text);
            }
            return new Position(next, text.substring(colon + 1));
        });
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position after the version and the kind's marker; anything else was not made here. */
    private static <T> T decode(String cursor, String marker, Function<String, T> position) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(VERSION + marker)) {
                throw new IllegalArgumentException(text);
            }
            return position.apply(text.substring(VERSION.length() + marker.length()));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("cursor", "is not a cursor this service returned");
        }
    }

    /**
     * Checks the documented page size range: 1..1000, default 100. The parameter is taken as text
     * because a JAX-RS {@code Integer} that does not convert is a 404 that names nothing.
     */
    public static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 100;
        }
        int value;
        try {
            value = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1 || value > 1000) {
            throw new ValidationException("limit", "must be a whole number between 1 and 1000");
        }
        return value;
    }
}
