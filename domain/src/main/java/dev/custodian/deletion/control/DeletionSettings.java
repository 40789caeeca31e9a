package dev.custodian.deletion.control;

import dev.custodian.configuration.DurationSetting;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.control.StoreCallLimit;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Tuning of the deletion drain; each key is declared here once, with its default. */
@ApplicationScoped
public class DeletionSettings {

    static final String BATCH_SIZE = "custodian.deletion.batch-size";
    static final String PARALLELISM = "custodian.deletion.parallelism";
    static final String MAX_ATTEMPTS = "custodian.deletion.max-attempts";
    static final String LEASE = "custodian.deletion.lease";
    static final String BACKOFF_BASE = "custodian.deletion.backoff-base";
    static final String BACKOFF_MAX = "custodian.deletion.backoff-max";
    static final String GIVE_UP_AFTER = "custodian.deletion.give-up-after";
    static final String HOLD_RECHECK = "custodian.deletion.hold-recheck";
    static final String RECOVERY_WINDOW = "custodian.deletion.recovery-window";

    /** Rows one drain batch claims and deletes in one store request (S3 takes at most 1000 keys). */
    @Inject
    @ConfigProperty(name = BATCH_SIZE, defaultValue = "1000")
    int batchSize;

    @Inject
    @ConfigProperty(name = PARALLELISM, defaultValue = "4")
    int parallelism;

    @Inject
    @ConfigProperty(name = MAX_ATTEMPTS, defaultValue = "8")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = LEASE, defaultValue = "PT2M")
    String leaseText;

    @Inject
    @ConfigProperty(name = BACKOFF_BASE, defaultValue = "PT2S")
    String backoffBaseText;

    @Inject
    @ConfigProperty(name = BACKOFF_MAX, defaultValue = "PT1H")
    String backoffMaxText;

    /** How long a key may keep failing, for whatever reason, before it ends {@code delete_failed}. */
    @Inject
    @ConfigProperty(name = GIVE_UP_AFTER, defaultValue = "PT24H")
    String giveUpAfterText;

    /** How often a key under a legal hold (which has no end date) is tried again, so a lifted hold is noticed. */
    @Inject
    @ConfigProperty(name = HOLD_RECHECK, defaultValue = "PT1H")
    String holdRecheckText;

    /**
     * After a slow-down halved the store calls in flight, how many calls answered without one add
     * one back (up to {@code parallelism}).
     */
    @Inject
    @ConfigProperty(name = RECOVERY_WINDOW, defaultValue = "10")
    int recoveryWindow;

    @Inject
    ObjectStore store;

    private Duration lease;
    private Duration holdRecheck;
    private RetryPolicy retries;

    @PostConstruct
    void check() {
        require(batchSize >= 1 && batchSize <= 1000, BATCH_SIZE + " must be 1..1000, is " + batchSize);
        require(parallelism >= 1 && parallelism <= 64, PARALLELISM + " must be 1..64, is " + parallelism);
        require(maxAttempts >= 1, MAX_ATTEMPTS + " must be at least 1, is " + maxAttempts);
        require(recoveryWindow >= 1 && recoveryWindow <= 10_000, RECOVERY_WINDOW + " must be 1..10000, is "
                + recoveryWindow);
        lease = DurationSetting.positive(LEASE, leaseText);
        holdRecheck = DurationSetting.positive(HOLD_RECHECK, holdRecheckText);
        // a lease that ran out while its worker still waits on the store lets a second worker claim the keys
        require(lease.compareTo(store.requestTimeout().multipliedBy(2)) >= 0, LEASE + " (" + lease
                + ") must be at least twice custodian.s3.request-timeout (" + store.requestTimeout() + ")");
        retries = new RetryPolicy(maxAttempts, DurationSetting.positive(BACKOFF_BASE, backoffBaseText),
                DurationSetting.positive(BACKOFF_MAX, backoffMaxText),
                DurationSetting.positive(GIVE_UP_AFTER, giveUpAfterText), () -> ThreadLocalRandom.current().nextDouble());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    public int batchSize() {
        return batchSize;
    }

    public int parallelism() {
        return parallelism;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** How long a claimed row or a deletion's sweep belongs to one worker before others may take it. */
    public Duration lease() {
        return lease;
    }

    public Duration holdRecheck() {
        return holdRecheck;
    }

    /**
     * The one limit of this instance's deletion store calls (every drain loop's DeleteObjects, the
     * sweeps' listings): as many as there are loops, until the store asks to slow down.
     */
    @Produces
    @Singleton
    StoreCallLimit storeCalls() {
        return new StoreCallLimit(parallelism, recoveryWindow);
    }

    /** What becomes of keys the store did not delete. */
    public RetryPolicy retries() {
        return retries;
    }
}
