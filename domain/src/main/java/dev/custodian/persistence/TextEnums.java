package dev.custodian.persistence;

import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one text mapping of every enum the database stores (states, kinds, outcomes): its lower-case
 * name, shared by the database and the API. SQL names a constant through {@link #quoted}, so no
 * state is spelt twice.
 */
public final class TextEnums {

    private TextEnums() {
    }

    public static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E fromWireName(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (wireName(constant).equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(type.getEnumConstants())
                .map(TextEnums::wireName).collect(Collectors.joining(", ")));
    }

    /** The constants' wire names as SQL string literals, comma separated: {@code 'queued', 'running'}. */
    public static String quoted(Enum<?>... constants) {
        return Arrays.stream(constants).map(c -> "'" + wireName(c) + "'").collect(Collectors.joining(", "));
    }

    /** Stores an enum as its wire name, so the database reads like the API. */
    public abstract static class Converter<E extends Enum<E>> implements AttributeConverter<E, String> {

        private final Class<E> type;

        protected Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E constant) {
            return constant == null ? null : wireName(constant);
        }

        @Override
        public E convertToEntityAttribute(String value) {
            return value == null ? null : fromWireName(type, value);
        }
    }
}
