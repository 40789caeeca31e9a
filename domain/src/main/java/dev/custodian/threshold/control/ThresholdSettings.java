package dev.custodian.threshold.control;

import dev.custodian.configuration.DurationSetting;
import dev.custodian.configuration.StartUpCheck;
import dev.custodian.threshold.entity.ThresholdRule;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Storage thresholds; each key is declared here once, with its default. Neither threshold is set by
 * default, and then nothing is checked. Every value is checked while the application deploys, so a
 * bad one stops start-up naming its key.
 */
@ApplicationScoped
public class ThresholdSettings {

    static final String BYTES = "custodian.cleanup.threshold-bytes";
    static final String USER_QUOTA_PERCENT = "custodian.cleanup.threshold-user-quota-percent";
    static final String REARM_PERCENT = "custodian.cleanup.threshold-rearm-percent";
    static final String ACTION = "custodian.cleanup.threshold-action";
    static final String CHECK_INTERVAL = "custodian.cleanup.threshold-check-interval";

    /** The bucket's live bytes (active objects) at which the bulk cleanup starts. */
    @Inject
    @ConfigProperty(name = BYTES)
    Optional<String> bytesText;

    /** The share of a user's quota (active and pending bytes, as the quota counts) at which the bulk cleanup starts. */
    @Inject
    @ConfigProperty(name = USER_QUOTA_PERCENT)
    Optional<String> userQuotaPercentText;

    /** A crossed threshold is armed again once the bytes fall below this share of it. */
    @Inject
    @ConfigProperty(name = REARM_PERCENT, defaultValue = "90")
    String rearmPercentText;

    /** {@code dry-run}: a crossing runs the cleanup's dry run and reports it; {@code delete}: the cleanup itself. */
    @Inject
    @ConfigProperty(name = ACTION, defaultValue = "dry-run")
    String actionText;

    @Inject
    @ConfigProperty(name = CHECK_INTERVAL, defaultValue = "PT1M")
    String checkIntervalText;

    private Long bytes;
    private Integer userQuotaPercent;
    private int rearmPercent;
    private boolean delete;
    private Duration checkInterval;

    void atStartUp(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // reading one value runs the checks of @PostConstruct while the application deploys
        enabled();
    }

    @PostConstruct
    void check() {
        StartUpCheck.run(ThresholdSettings.class, () -> {
            bytes = bytesText.map(text -> number(BYTES, text, 1, Long.MAX_VALUE, "a number of bytes")).orElse(null);
            userQuotaPercent = userQuotaPercentText.map(text -> (int) number(USER_QUOTA_PERCENT, text, 1, 100,
                    "a percentage")).orElse(null);
            rearmPercent = (int) number(REARM_PERCENT, rearmPercentText, 1, 99, "a percentage");
            delete = switch (actionText.trim().toLowerCase(Locale.ROOT)) {
                case "dry-run" -> false;
                case "delete" -> true;
                default -> throw new IllegalStateException(ACTION + " must be dry-run or delete, is " + actionText);
            };
            checkInterval = DurationSetting.positive(CHECK_INTERVAL, checkIntervalText);
            if (checkInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalStateException(CHECK_INTERVAL + " must be at least PT1S, is " + checkIntervalText);
            }
        });
    }

    /** Whether any threshold is set (else nothing is checked). */
    public boolean enabled() {
        return bytes != null || userQuotaPercent != null;
    }

    /** The bucket's rule, if {@code threshold-bytes} is set. */
    public Optional<ThresholdRule> bucketRule() {
        return Optional.ofNullable(bytes).map(limit -> ThresholdRule.of(limit, rearmPercent));
    }

    /** The rule of a user with this quota, if a share is set and the share of the quota is at least a byte. */
    public Optional<ThresholdRule> userRule(long quotaBytes) {
        if (userQuotaPercent == null) {
            return Optional.empty();
        }
        long limit = ThresholdRule.percent(quotaBytes, userQuotaPercent);
        return limit < 1 ? Optional.empty() : Optional.of(ThresholdRule.of(limit, rearmPercent));
    }

    public OptionalInt userQuotaPercent() {
        return userQuotaPercent == null ? OptionalInt.empty() : OptionalInt.of(userQuotaPercent);
    }

    /** True when a crossing runs the cleanup for real, false for its dry run. */
    public boolean deletes() {
        return delete;
    }

    public Duration checkInterval() {
        return checkInterval;
    }

    private static long number(String key, String text, long min, long max, String what) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException(key + " must be " + what + " " + min + ".." + max + ", is " + text);
    }
}
