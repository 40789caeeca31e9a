package dev.custodian.usage.entity;

import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A dimension usage is grouped by, with the ledger column that holds it. */
public enum UsageGroup {
    USER("user_id"),
    PROJECT("project_id"),
    FILE_TYPE("file_type"),
    RETENTION_CLASS("retention_class");

    private final String column;

    UsageGroup(String column) {
        this.column = column;
    }

    /** The column of {@code stored_object}; one of four fixed names, safe to put into SQL. */
    public String column() {
        return column;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code group_by} parameter; anything else is a 400 that names what was sent. */
    public static UsageGroup fromWireName(String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException("group_by", "is required: one of " + names());
        }
        return Arrays.stream(values()).filter(g -> g.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new ValidationException("group_by",
                        "must be one of " + names() + ", not '" + Violations.printable(value) + "'"));
    }

    private static String names() {
        return Arrays.stream(values()).map(UsageGroup::wireName).collect(Collectors.joining(", "));
    }
}
