package dev.custodian.scheduling;

import jakarta.ejb.ScheduleExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronSettingTest {

    private static final String KEY = "custodian.maintenance.schedule";

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("0 3 * * *", new CronSetting("0", "3", "*", "*", "*")),
                Arguments.of("  0   3 * * *  ", new CronSetting("0", "3", "*", "*", "*")),
                Arguments.of("*/15 * * * *", new CronSetting("0,15,30,45", "*", "*", "*", "*")),
                Arguments.of("5/20 * * * *", new CronSetting("5,25,45", "*", "*", "*", "*")),
                Arguments.of("0 8-18/4 * * *", new CronSetting("0", "8,12,16", "*", "*", "*")),
                Arguments.of("30 2 1,15 * *", new CronSetting("30", "2", "1,15", "*", "*")),
                Arguments.of("0 0 */10 * *", new CronSetting("0", "0", "1,11,21,31", "*", "*")),
                Arguments.of("0 4 * JAN,jul *", new CronSetting("0", "4", "*", "1,7", "*")),
                Arguments.of("0 4 * * mon-fri", new CronSetting("0", "4", "*", "*", "1,2,3,4,5")),
                Arguments.of("0 4 * * 7", new CronSetting("0", "4", "*", "*", "0")),
                Arguments.of("0 4 * * 5-7", new CronSetting("0", "4", "*", "*", "0,5,6")),
                Arguments.of("59,0,0 23 * * *", new CronSetting("0,59", "23", "*", "*", "*")),
                Arguments.of("@daily", new CronSetting("0", "0", "*", "*", "*")),
                Arguments.of("@hourly", new CronSetting("0", "*", "*", "*", "*")),
                Arguments.of("@weekly", new CronSetting("0", "0", "*", "*", "0")),
                Arguments.of("@monthly", new CronSetting("0", "0", "1", "*", "*")));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesCronIntoEjbFields(String text, CronSetting expected) {
        assertThat(CronSetting.parse(KEY, text)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "needs five fields"),
                Arguments.of(null, "needs five fields"),
                Arguments.of("0 3 * *", "needs five fields"),
                Arguments.of("0 3 * * * *", "needs five fields"),
                Arguments.of("60 3 * * *", "minute value 60 is outside 0..59"),
                Arguments.of("0 24 * * *", "hour value 24 is outside 0..23"),
                Arguments.of("0 3 0 * *", "day-of-month value 0 is outside 1..31"),
                Arguments.of("0 3 * 13 *", "month value 13 is outside 1..12"),
                Arguments.of("0 3 * * 8", "day-of-week value 8 is outside 0..7"),
                Arguments.of("0 3 * * sunday", "day-of-week value 'sunday' is not a number"),
                Arguments.of("x 3 * * *", "minute value 'x' is not a number"),
                Arguments.of("-1 3 * * *", "minute value '' is not a number"),
                Arguments.of("*/0 3 * * *", "minute step must be at least 1"),
                Arguments.of("*/ 3 * * *", "minute step '' is not a number"),
                Arguments.of("10-5 3 * * *", "minute range 10-5 runs backwards"),
                Arguments.of("1,,2 3 * * *", "minute has an empty list item"),
                Arguments.of("0 3 1 * 1", "restrict day-of-month or day-of-week, not both"),
                Arguments.of("@yearly", "needs five fields"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesBadValuesNamingTheKey(String text, String why) {
        assertThatThrownBy(() -> CronSetting.parse(KEY, text))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(KEY + " must be a cron expression")
                .hasMessageContaining(why);
    }

    @Test
    void buildsAnEjbScheduleInUtcOnTheMinute() {
        ScheduleExpression expression = CronSetting.parse(KEY, "*/30 3 * * mon").toExpression();

        assertThat(expression.getSecond()).isEqualTo("0");
        assertThat(expression.getMinute()).isEqualTo("0,30");
        assertThat(expression.getHour()).isEqualTo("3");
        assertThat(expression.getDayOfMonth()).isEqualTo("*");
        assertThat(expression.getMonth()).isEqualTo("*");
        assertThat(expression.getDayOfWeek()).isEqualTo("1");
        assertThat(expression.getTimezone()).isEqualTo("UTC");
    }

    static Stream<Arguments> ticks() {
        return Stream.of(
                Arguments.of("* * * * *", "2026-12-02T10:17:42Z", "2026-12-02T10:17:00Z"),
                Arguments.of("*/10 * * * *", "2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z"),
                Arguments.of("*/10 * * * *", "2026-12-02T10:01:30Z", "2026-12-02T10:00:00Z"),
                Arguments.of("*/10 * * * *", "2026-12-02T10:09:59Z", "2026-12-02T10:00:00Z"),
                Arguments.of("*/10 * * * *", "2026-12-02T09:59:59.900Z", "2026-12-02T09:50:00Z"),
                Arguments.of("0 3 * * *", "2026-12-02T03:04:00Z", "2026-12-02T03:00:00Z"),
                Arguments.of("0 3 * * *", "2026-12-02T02:59:59Z", "2026-12-01T03:00:00Z"),
                Arguments.of("30 2 1,15 * *", "2026-12-02T10:00:00Z", "2026-12-01T02:30:00Z"),
                Arguments.of("0 4 * * mon", "2026-12-02T10:00:00Z", "2026-11-30T04:00:00Z"),
                Arguments.of("0 4 * * sun", "2026-12-02T10:00:00Z", "2026-11-29T04:00:00Z"),
                Arguments.of("0 0 1 1 *", "2026-12-02T10:00:00Z", "2026-01-01T00:00:00Z"),
                Arguments.of("0 12 29 2 *", "2027-03-01T00:00:00Z", "2024-02-29T12:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("ticks")
    void aFiringStandsForTheLatestScheduledMinuteAtOrBeforeIt(String cron, String firedAt, String tick) {
        assertThat(CronSetting.parse(KEY, cron).tickOf(Instant.parse(firedAt))).isEqualTo(Instant.parse(tick));
    }

    @Test
    void aScheduleThatNeverMatchesStandsForItsOwnMinute() {
        assertThat(CronSetting.parse(KEY, "0 0 31 2 *").tickOf(Instant.parse("2026-12-02T10:17:42Z")))
                .isEqualTo(Instant.parse("2026-12-02T10:17:00Z"));
    }
}
