package dev.custodian.threshold.control;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.quota.control.Quotas;
import dev.custodian.quota.entity.QuotaUse;
import dev.custodian.retention.control.BulkCleanup;
import dev.custodian.retention.control.RetentionSettings;
import dev.custodian.retention.entity.BulkCleanupReport;
import dev.custodian.retention.entity.BulkCleanupRequest;
import dev.custodian.threshold.entity.ThresholdRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Checks the storage thresholds. Every instance checks; the crossing's row is the claim, so one
 * instance per crossing runs seed 003's bulk cleanup (the dry run unless
 * {@code custodian.cleanup.threshold-action=delete}; temporaries older than an hour, finals older
 * than {@code custodian.retention.final-days}, no untracked objects, at most
 * {@code custodian.cleanup.max-delete}) and announces it. A user's crossing starts the same
 * bucket-wide cleanup: it takes only what is past its retention anyway. A refused cleanup (over
 * {@code max-delete}, another run in progress) is announced as such; the crossing is spent either way,
 * so a threshold that stays crossed never loops.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class StorageThresholds {

    private static final Logger LOG = Logger.getLogger(StorageThresholds.class.getName());
    static final String BUCKET = "bucket";
    private static final String USER = "user:";
    /** The overview reads the bytes at most this often. */
    private static final Duration STATUS_AGE = Duration.ofSeconds(5);

    @Inject
    ThresholdSettings settings;

    @Inject
    ThresholdCrossings crossings;

    @Inject
    Quotas quotas;

    @Inject
    BulkCleanup cleanup;

    @Inject
    RetentionSettings retention;

    @Inject
    ObjectStore store;

    private volatile Status status;

    /**
     * The bucket's live bytes against its threshold, for the overview.
     *
     * @param thresholdBytes null while no bucket threshold is set
     * @param crossedAt      when the threshold was crossed, null while it is armed
     */
    public record Status(Instant at, long liveBytes, Long thresholdBytes, Long rearmBytes, Instant crossedAt) {
    }

    /** The bucket's figures, at most a few seconds old. */
    public Status status() {
        Status last = status;
        if (last == null || last.at().plus(STATUS_AGE).isBefore(Instant.now())) {
            Optional<ThresholdRule> rule = settings.bucketRule();
            last = new Status(Instant.now(), crossings.liveBytes(store.bucket()),
                    rule.map(ThresholdRule::limitBytes).orElse(null), rule.map(ThresholdRule::rearmBytes).orElse(null),
                    crossings.crossed().get(BUCKET));
            status = last;
        }
        return last;
    }

    /** One check of every threshold that is set. */
    public void check() {
        Map<String, Instant> crossed = crossings.crossed();
        settings.bucketRule().ifPresent(rule -> step(BUCKET, null, crossings.liveBytes(store.bucket()), rule,
                crossed.containsKey(BUCKET), ThresholdSettings.BYTES));
        if (settings.userQuotaPercent().isPresent()) {
            Map<String, QuotaUse> uses = quotas.uses();
            uses.forEach((user, use) -> settings.userRule(use.maxBytes()).ifPresent(rule -> step(USER + user, user,
                    use.usedBytes(), rule, crossed.containsKey(USER + user), ThresholdSettings.USER_QUOTA_PERCENT + " ("
                            + settings.userQuotaPercent().getAsInt() + " % of a quota of " + use.maxBytes() + ")")));
            // a user whose quota went away has no threshold left to hold crossed
            crossed.keySet().stream().filter(scope -> scope.startsWith(USER)
                    && !uses.containsKey(scope.substring(USER.length())))
                    .forEach(scope -> crossings.rearm(scope, 0, "the quota was removed"));
        }
    }

    private void step(String scope, String userId, long bytes, ThresholdRule rule, boolean crossed, String threshold) {
        switch (rule.step(bytes, crossed)) {
            case CROSS -> {
                if (crossings.claim(scope, userId, bytes, rule)) {
                    cross(scope, userId, bytes, rule, threshold);
                }
            }
            case REARM -> crossings.rearm(scope, bytes, "below " + rule.rearmBytes() + " bytes");
            case STAY -> {
                // between the marks: nothing changes
            }
        }
    }

    private void cross(String scope, String userId, long bytes, ThresholdRule rule, String threshold) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope", userId == null ? BUCKET : "user");
        data.put("user_id", userId);
        data.put("threshold", threshold);
        data.put("live_bytes", bytes);
        data.put("threshold_bytes", rule.limitBytes());
        data.put("rearm_bytes", rule.rearmBytes());
        data.put("action", settings.deletes() ? "delete" : "dry_run");
        String detail = bytes + " bytes reached the threshold of " + rule.limitBytes() + " (" + threshold + ")";
        try {
            BulkCleanupReport report = cleanup.run(new BulkCleanupRequest((int) retention.finalRetention().toDays(),
                    !settings.deletes(), false, null), ThresholdCrossings.ACTOR);
            data.put("cleanup", report.fields());
            crossings.announce(scope, report.deletionId(), report.dryRun() ? "dry_run" : "queued",
                    detail + "; bulk cleanup: " + report.message(), data);
        } catch (RuntimeException e) {
            LOG.warning(() -> scope + ": " + detail + "; the bulk cleanup did not run: " + e.getMessage());
            data.put("cleanup_error", String.valueOf(e.getMessage()));
            crossings.announce(scope, null, "refused", detail + "; the bulk cleanup did not run: " + e.getMessage(),
                    data);
        }
    }
}
