package dev.custodian.configuration;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** ISO-8601 durations from configuration; a bad value stops start-up with the key in the message. */
public final class DurationSetting {

    private DurationSetting() {
    }

    public static Duration positive(String key, String text) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalStateException(key + " must be a positive ISO-8601 duration, is " + text);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(key + " must be an ISO-8601 duration such as PT24H, is " + text, e);
        }
    }
}
