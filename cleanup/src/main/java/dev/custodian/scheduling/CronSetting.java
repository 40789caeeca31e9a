package dev.custodian.scheduling;

import jakarta.ejb.ScheduleExpression;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A five-field Unix cron expression from configuration ({@code minute hour day-of-month month
 * day-of-week}, or {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}), turned into
 * an EJB {@link ScheduleExpression} in UTC. A bad value stops start-up with the key in the message.
 *
 * <p>Steps are expanded to explicit lists because EJB allows increments only in the time fields.
 * Restricting both day-of-month and day-of-week is refused: cron ORs the two, EJB ANDs them, and
 * a schedule that silently runs less often than written is worse than a start-up error.
 */
public record CronSetting(String minute, String hour, String dayOfMonth, String month, String dayOfWeek) {

    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *");

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private enum Field {
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTHS),
        DAY_OF_WEEK("day-of-week", 0, 7, DAYS);

        final String label;
        final int min;
        final int max;
        /** Names, in order from {@link #min}. */
        final List<String> names;

        Field(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }
    }

    /** Parses {@code text}, the value of {@code key}; the exception names both. */
    public static CronSetting parse(String key, String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String expanded = MACROS.getOrDefault(trimmed, trimmed);
        String[] parts = expanded.split("\\s+");
        if (parts.length != 5) {
            throw invalid(key, text, "needs five fields (minute hour day-of-month month day-of-week)");
        }
        Field[] fields = Field.values();
        String[] normalised = new String[5];
        for (int i = 0; i < 5; i++) {
            try {
                normalised[i] = normalise(fields[i], parts[i]);
            } catch (IllegalArgumentException e) {
                throw invalid(key, text, fields[i].label + " " + e.getMessage());
            }
        }
        if (!"*".equals(normalised[2]) && !"*".equals(normalised[4])) {
            throw invalid(key, text, "restrict day-of-month or day-of-week, not both");
        }
        return new CronSetting(normalised[0], normalised[1], normalised[2], normalised[3], normalised[4]);
    }

    /** The same schedule for the EJB timer service, evaluated in UTC. */
    public ScheduleExpression toExpression() {
        return new ScheduleExpression()
                .second("0")
                .minute(minute)
                .hour(hour)
                .dayOfMonth(dayOfMonth)
                .month(month)
                .dayOfWeek(dayOfWeek)
                .timezone("UTC");
    }

    /**
     * The scheduled minute a firing at {@code firedAt} stands for: the latest minute at or before it
     * that this schedule matches, in UTC. A timer that fires late, or on an instance whose clock is a
     * little off, so names the same tick as its peers. A schedule that matched nothing in the eight
     * years before (it could not have fired) gives {@code firedAt}'s own minute.
     */
    public Instant tickOf(Instant firedAt) {
        BitSet minutes = bits(minute, 60);
        BitSet hours = bits(hour, 24);
        BitSet days = bits(dayOfMonth, 32);
        BitSet months = bits(month, 13);
        BitSet weekdays = bits(dayOfWeek, 7);
        ZonedDateTime own = firedAt.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        // eight years: a 29 February schedule skips a leap year at most once (2100)
        ZonedDateTime limit = own.minusYears(8);
        // step back a whole day or hour where that field does not match: a few thousand steps at most
        for (ZonedDateTime t = own; t.isAfter(limit); ) {
            if (!months.get(t.getMonthValue()) || !days.get(t.getDayOfMonth())
                    || !weekdays.get(t.getDayOfWeek().getValue() % 7)) {
                t = t.truncatedTo(ChronoUnit.DAYS).minusMinutes(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).minusMinutes(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.minusMinutes(1);
            } else {
                return t.toInstant();
            }
        }
        return own.toInstant();
    }

    private static BitSet bits(String field, int size) {
        BitSet set = new BitSet(size);
        if ("*".equals(field)) {
            set.set(0, size);
        } else {
            for (String value : field.split(",")) {
                set.set(Integer.parseInt(value));
            }
        }
        return set;
    }

    /** {@code *} stays {@code *}; anything else becomes a sorted list of numbers. */
    private static String normalise(Field field, String text) {
        if ("*".equals(text)) {
            return text;
        }
        TreeSet<Integer> values = new TreeSet<>();
        for (String item : text.split(",", -1)) {
            values.addAll(expand(field, item));
        }
        if (field == Field.DAY_OF_WEEK && values.remove(7)) {
            values.add(0);
        }
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(Integer.toString(v)));
        return String.join(",", out);
    }

    private static List<Integer> expand(Field field, String item) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("has an empty list item");
        }
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(item.substring(slash + 1), "step");
            if (step < 1) {
                throw new IllegalArgumentException("step must be at least 1, is " + step);
            }
        }
        int from;
        int to;
        int dash = range.indexOf('-');
        if ("*".equals(range)) {
            from = field.min;
            to = field.max;
        } else if (dash >= 0) {
            from = value(field, range.substring(0, dash));
            to = value(field, range.substring(dash + 1));
            if (from > to) {
                throw new IllegalArgumentException("range " + range + " runs backwards");
            }
        } else {
            from = value(field, range);
            to = slash >= 0 ? field.max : from;
        }
        List<Integer> values = new ArrayList<>();
        for (int v = from; v <= to; v += step) {
            values.add(v);
        }
        return values;
    }

    private static int value(Field field, String text) {
        int named = field.names.indexOf(text);
        int value = named >= 0 ? field.min + named : number(text, "value");
        if (value < field.min || value > field.max) {
            throw new IllegalArgumentException(
                    "value " + text + " is outside " + field.min + ".." + field.max);
        }
        return value;
    }

    private static int number(String text, String what) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
        return Integer.parseInt(text);
    }

    private static IllegalStateException invalid(String key, String text, String why) {
        return new IllegalStateException(key + " must be a cron expression such as '0 3 * * *' (UTC): '"
                + text + "' " + why);
    }
}
