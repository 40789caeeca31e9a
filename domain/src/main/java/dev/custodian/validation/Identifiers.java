package dev.custodian.validation;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The identifier rules of the API. Each check adds at most one violation for its field (the first
 * rule broken) to the given collector, so callers check every field before throwing.
 *
 * <p>Ids and file types are restricted to characters that are safe in a key segment and in a URL
 * path; filenames may be any text that cannot escape or split a key segment.
 */
public final class Identifiers {

    /** S3 and R2 refuse longer keys. */
    public static final int MAX_KEY_BYTES = 1024;

    private static final int MAX_FILENAME_BYTES = 255;
    /** Free text such as a deletion's reason ends up in the audit trail and in logs. */
    public static final int MAX_TEXT_LENGTH = 500;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern FILE_TYPE = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final String REQUIRED = "is required";
    private static final String NOT_DOTS = "must not be . or ..";

    private Identifiers() {
    }

    public static void requireId(Violations v, String field, String value) {
        if (value == null) {
            v.add(field, REQUIRED);
        } else {
            optionalId(v, field, value);
        }
    }

    /** Like {@link #requireId} but null is allowed; the empty string is not. */
    public static void optionalId(Violations v, String field, String value) {
        if (value == null) {
            return;
        }
        if (!ID.matcher(value).matches()) {
            v.add(field, "must be 1-128 characters of A-Z a-z 0-9 _ . -");
        } else if (isDots(value)) {
            v.add(field, NOT_DOTS);
        }
    }

    public static void requireFileType(Violations v, String field, String value) {
        if (value == null) {
            v.add(field, REQUIRED);
        } else if (!FILE_TYPE.matcher(value).matches()) {
            v.add(field, "must be 1-32 characters of a-z 0-9 _ -");
        }
    }

    public static void requireFilename(Violations v, String field, String value) {
        if (value == null) {
            v.add(field, REQUIRED);
        } else if (isDots(value)) {
            v.add(field, NOT_DOTS);
        } else if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            v.add(field, "must not contain / or \\");
        } else if (value.chars().anyMatch(Identifiers::isControl)) {
            v.add(field, "must not contain control characters");
        } else if (hasUnpairedSurrogate(value)) {
            // UTF-8 encoding would silently turn it into '?', so the key would not name what the client sent
            v.add(field, "must be valid Unicode text");
        } else if (value.isEmpty() || utf8Length(value) > MAX_FILENAME_BYTES) {
            v.add(field, "must be 1-" + MAX_FILENAME_BYTES + " UTF-8 bytes");
        }
    }

    public static void requireKeyLength(Violations v, String field, String key) {
        if (key == null) {
            v.add(field, REQUIRED);
        } else if (key.isEmpty() || utf8Length(key) > MAX_KEY_BYTES) {
            v.add(field, "must be 1-" + MAX_KEY_BYTES + " UTF-8 bytes, is " + utf8Length(key));
        }
    }

    /**
     * A key prefix that scopes a bucket-wide action: empty (the whole bucket) or ending in {@code /},
     * so that {@code p1} never also means {@code p10}; not starting with {@code /}, at most 1024 bytes.
     */
    public static void keyPrefix(Violations v, String field, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return;
        }
        if (!prefix.endsWith("/")) {
            v.add(field, "must be empty or end in / (a prefix 'p1' would also match 'p10')");
        } else if (prefix.startsWith("/") || utf8Length(prefix) > MAX_KEY_BYTES) {
            v.add(field, "must not start with / and must be at most " + MAX_KEY_BYTES + " bytes");
        }
    }

    /** Free text (a reason, a note): null is allowed; otherwise one line of valid text, at most 500 characters. */
    public static void optionalText(Violations v, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.chars().anyMatch(Identifiers::isControl)) {
            v.add(field, "must not contain control characters");
        } else if (hasUnpairedSurrogate(value)) {
            v.add(field, "must be valid Unicode text");
        } else if (value.length() > MAX_TEXT_LENGTH) {
            v.add(field, "must be at most " + MAX_TEXT_LENGTH + " characters");
        }
    }

    /** C0, DEL and C1: none of them belongs in a name, and C1 ones are invisible in most consoles. */
    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static boolean isDots(String value) {
        return value.equals(".") || value.equals("..");
    }

    private static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
