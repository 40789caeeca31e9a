package dev.custodian.keys.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * A placeholder of the key template language, with the characters its value may take inside a key.
 * Parsing accepts these classes; the stricter API rules apply when a key is built from client input.
 */
public enum KeyField {
    USER_ID("user_id"),
    PROJECT_ID("project_id"),
    SCENE_ID("scene_id"),
    FILE_TYPE("file_type"),
    FILENAME("filename"),
    EXT("ext");

    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_FILE_TYPE_LENGTH = 32;

    private final String placeholder;

    KeyField(String placeholder) {
        this.placeholder = placeholder;
    }

    /** The name inside the braces, also the field's snake_case name in the API. */
    public String placeholder() {
        return placeholder;
    }

    public static Optional<KeyField> byPlaceholder(String placeholder) {
        return Arrays.stream(values()).filter(f -> f.placeholder.equals(placeholder)).findFirst();
    }

    /** Whether a whole value fits this placeholder. */
    boolean accepts(String value) {
        return !value.isEmpty()
                && value.length() <= maxLength()
                && value.chars().allMatch(this::allows)
                && !(value.equals(".") || value.equals(".."));
    }

    /**
     * The end of the longest run of admissible characters from {@code from}, capped at the maximum
     * length: no value of this placeholder starting at {@code from} can end later.
     */
    int span(String key, int from) {
        int end = from;
        while (end < key.length() && end - from < maxLength() && allows(key.charAt(end))) {
            end++;
        }
        return end;
    }

    String valueIn(KeyParts parts) {
        return switch (this) {
            case USER_ID -> parts.userId();
            case PROJECT_ID -> parts.projectId();
            case SCENE_ID -> parts.sceneId();
            case FILE_TYPE -> parts.fileType();
            case FILENAME -> parts.filename();
            case EXT -> parts.ext();
        };
    }

    private int maxLength() {
        return switch (this) {
            case USER_ID, PROJECT_ID, SCENE_ID -> MAX_ID_LENGTH;
            case FILE_TYPE -> MAX_FILE_TYPE_LENGTH;
            case FILENAME, EXT -> Integer.MAX_VALUE;
        };
    }

    private boolean allows(int c) {
        return switch (this) {
            case USER_ID, PROJECT_ID, SCENE_ID -> isAsciiAlphanumeric(c) || c == '_' || c == '.' || c == '-';
            case FILE_TYPE -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            case FILENAME -> c != '/' && c >= 0x20 && !(c >= 0x7F && c <= 0x9F);
            case EXT -> isAsciiAlphanumeric(c);
        };
    }

    private static boolean isAsciiAlphanumeric(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
