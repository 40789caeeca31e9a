package dev.custodian.retention.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Retention configuration; each key is declared here once, with its default. */
@ApplicationScoped
public class RetentionSettings {

    static final String FINAL_DAYS = "custodian.retention.final-days";

    /** How long a job's final outputs (clips) are kept after the job completes. */
    @Inject
    @ConfigProperty(name = FINAL_DAYS, defaultValue = "5")
    int finalDays;

    static final String SWEEP_MAX_DELETE = "custodian.retention.max-delete";

    /** The most objects one scheduled policy sweep may delete; it stops there and says so. */
    @Inject
    @ConfigProperty(name = SWEEP_MAX_DELETE, defaultValue = "100000")
    long sweepMaxDelete;

    static final String CLEANUP_MAX_DELETE = "custodian.cleanup.max-delete";

    /** The most objects one bulk cleanup may delete when the request gives no {@code max_delete}. */
    @Inject
    @ConfigProperty(name = CLEANUP_MAX_DELETE, defaultValue = "10000")
    long cleanupMaxDelete;

    static final String CLEANUP_MAX_DELETE_CEILING = "custodian.cleanup.max-delete-ceiling";

    /** The most objects one bulk cleanup may delete whatever its {@code max_delete} says. */
    @Inject
    @ConfigProperty(name = CLEANUP_MAX_DELETE_CEILING, defaultValue = "100000")
    long cleanupMaxDeleteCeiling;

    static final String ORPHAN_MIN_AGE_DAYS = "custodian.maintenance.auto-delete-after-days";

    /** Untracked objects younger than this may be uploads in flight: never treated as orphans. */
    @Inject
    @ConfigProperty(name = ORPHAN_MIN_AGE_DAYS, defaultValue = "30")
    int orphanMinAgeDays;

    @PostConstruct
    void check() {
        if (finalDays < 1 || finalDays > 36500) {
            throw new IllegalStateException(FINAL_DAYS + " must be 1..36500, is " + finalDays);
        }
        if (sweepMaxDelete < 1) {
            throw new IllegalStateException(SWEEP_MAX_DELETE + " must be at least 1, is " + sweepMaxDelete);
        }
        if (cleanupMaxDelete < 1 || cleanupMaxDelete > cleanupMaxDeleteCeiling) {
            throw new IllegalStateException(CLEANUP_MAX_DELETE + " must be 1.." + CLEANUP_MAX_DELETE_CEILING + " ("
                    + cleanupMaxDeleteCeiling + "), is " + cleanupMaxDelete);
        }
        if (orphanMinAgeDays < 0) {
            throw new IllegalStateException(ORPHAN_MIN_AGE_DAYS + " must not be negative, is " + orphanMinAgeDays);
        }
    }

    public long sweepMaxDelete() {
        return sweepMaxDelete;
    }

    public long cleanupMaxDelete() {
        return cleanupMaxDelete;
    }

    public long cleanupMaxDeleteCeiling() {
        return cleanupMaxDeleteCeiling;
    }

    public Duration orphanMinAge() {
        return Duration.ofDays(orphanMinAgeDays);
    }

    public Duration finalRetention() {
        return Duration.ofDays(finalDays);
    }
}
