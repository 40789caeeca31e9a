package dev.custodian.scheduling;

import dev.custodian.configuration.CronSetting;
import dev.custodian.maintenance.boundary.MaintenanceStarter;
import dev.custodian.pending.boundary.PendingUploadsTimer;
import dev.custodian.retention.boundary.ExpiryTimer;
import dev.custodian.retention.boundary.RetentionSweepStarter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.logging.Logger;

/**
 * Every schedule that comes from configuration, in one place: five-field cron expressions in UTC
 * (see {@link CronSetting}); a bad one stops start-up with its key in the message. The timers are
 * not persistent because what is due lives in PostgreSQL: a missed tick is only a later run, and
 * each job guards itself against running twice.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScheduledTasks {

    private static final Logger LOG = Logger.getLogger(ScheduledTasks.class.getName());

    static final String RETENTION_SWEEP = "custodian.retention.schedule";
    static final String EXPIRY = "custodian.retention.expiry-schedule";
    static final String PENDING_UPLOADS = "custodian.uploads.pending-schedule";
    static final String MAINTENANCE = "custodian.maintenance.schedule";

    @Inject
    @ConfigProperty(name = RETENTION_SWEEP, defaultValue = "0 4 * * *")
    String retentionSweep;

    @Inject
    @ConfigProperty(name = EXPIRY, defaultValue = "*/15 * * * *")
    String expiry;

    @Inject
    @ConfigProperty(name = PENDING_UPLOADS, defaultValue = "*/10 * * * *")
    String pendingUploads;

    @Inject
    @ConfigProperty(name = MAINTENANCE, defaultValue = "0 3 * * *")
    String maintenance;

    @Inject
    RetentionSweepStarter sweeps;

    @Inject
    ExpiryTimer expired;

    @Inject
    PendingUploadsTimer pending;

    @Inject
    MaintenanceStarter maintenanceRuns;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        Map<String, String> schedules = Map.of(RETENTION_SWEEP, retentionSweep, EXPIRY, expiry,
                PENDING_UPLOADS, pendingUploads, MAINTENANCE, maintenance);
        // parse all first, so one bad value fails start-up before any timer exists
        schedules.forEach(CronSetting::parse);
        schedules.forEach(this::create);
    }

    private void create(String key, String cron) {
        Timer timer = timers.createCalendarTimer(CronSetting.parse(key, cron).toExpression(),
                new TimerConfig(key, false));
        LOG.info(() -> key + " = '" + cron + "' (UTC), next run " + timer.getNextTimeout().toInstant());
    }

    @Timeout
    void run(Timer timer) {
        switch ((String) timer.getInfo()) {
            case RETENTION_SWEEP -> sweeps.scheduled();
            case EXPIRY -> expired.sweep();
            case PENDING_UPLOADS -> pending.start();
            case MAINTENANCE -> maintenanceRuns.scheduled();
            default -> throw new IllegalStateException("no task for timer " + timer.getInfo());
        }
    }
}
