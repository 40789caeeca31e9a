package dev.custodian.threshold.boundary;

import dev.custodian.scheduling.OneRunAtATime;
import dev.custodian.threshold.control.StorageThresholds;
import dev.custodian.threshold.control.ThresholdSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Checks the storage thresholds every {@code custodian.cleanup.threshold-check-interval} on every
 * instance (an interval, not a cron tick: a crossing should be seen within seconds, and the
 * crossing's row in PostgreSQL, not the tick, makes it happen once per cluster). No timer while no
 * threshold is set.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ThresholdWatch {

    private static final Logger LOG = Logger.getLogger(ThresholdWatch.class.getName());

    private final OneRunAtATime runs = new OneRunAtATime("storage threshold check", LOG);

    @Inject
    ThresholdSettings settings;

    @Inject
    StorageThresholds thresholds;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        if (settings.enabled()) {
            long every = settings.checkInterval().toMillis();
            timers.createIntervalTimer(every, every, new TimerConfig("storage-threshold", false));
            LOG.info(() -> "storage thresholds are checked every " + settings.checkInterval());
        }
    }

    @Timeout
    void check() {
        runs.run(thresholds::check);
    }
}
