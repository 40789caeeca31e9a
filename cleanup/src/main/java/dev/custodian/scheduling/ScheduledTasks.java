package dev.custodian.scheduling;

import dev.custodian.batch.boundary.BatchSupervisor;
import dev.custodian.batch.boundary.JobStarter;
import dev.custodian.mail.control.MailSettings;
import dev.custodian.mail.control.MailSummaries;
import dev.custodian.maintenance.boundary.MaintenanceStarter;
import dev.custodian.retention.boundary.ExpiryTimer;
import dev.custodian.retention.boundary.RetentionSweepStarter;
import dev.custodian.scheduling.control.ClusterTicks;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every schedule that comes from configuration, in one place: five-field cron expressions in UTC
 * (see {@link CronSetting}); a bad one stops start-up with its key in the message. The timers are
 * not persistent because what is due lives in PostgreSQL: a missed tick is only a later run.
 *
 * <p>Every instance of a cluster fires every timer; {@link ClusterTicks} lets one of them run each
 * task's tick, so a task runs once per tick and its limits (the sweep's {@code max_delete}) hold for
 * the cluster. The maintenance schedule drives two tasks, each claimed and recorded on its own.
 */
@Singleton
@Startup
// bean-managed, as BatchSupervisor is: it starts jobs
@TransactionManagement(TransactionManagementType.BEAN)
public class ScheduledTasks {

    private static final Logger LOG = Logger.getLogger(ScheduledTasks.class.getName());

    static final String RETENTION_SWEEP = "custodian.retention.schedule";
    static final String EXPIRY = "custodian.retention.expiry-schedule";
    static final String PENDING_UPLOADS = "custodian.uploads.pending-schedule";
    static final String MAINTENANCE = "custodian.maintenance.schedule";
    static final String LEDGER_PURGE = "custodian.ledger.purge-schedule";
    static final String MAIL_DIGEST = "custodian.mail.digest-schedule";

    /** The jobs the schedules start by name (no parameters, one execution at a time). */
    public static final String PENDING_UPLOADS_JOB = "pending-uploads";
    public static final String LEDGER_PURGE_JOB = "ledger-purge";

    /** The tasks, in the order they run when they share a schedule; the name is the tick row's. */
    enum Task {
        RETENTION_SWEEP_RUN("retention-sweep", RETENTION_SWEEP),
        EXPIRY_SWEEP("expiry", EXPIRY),
        PENDING_RESOLVER(PENDING_UPLOADS_JOB, PENDING_UPLOADS),
        QUARANTINE_PURGE("quarantine-purge", MAINTENANCE),
        MAINTENANCE_RUN("maintenance", MAINTENANCE),
        DELETED_ROWS_PURGE(LEDGER_PURGE_JOB, LEDGER_PURGE),
        DELETION_DIGEST("deletion-digest", MAIL_DIGEST);

        final String label;
        final String schedule;

        Task(String label, String schedule) {
            this.label = label;
            this.schedule = schedule;
        }
    }

    /** The names of the scheduled tasks, as their tick rows (and metrics) name them. */
    public static List<String> taskNames() {
        return Arrays.stream(Task.values()).map(t -> t.label).toList();
    }

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
    @ConfigProperty(name = LEDGER_PURGE, defaultValue = "30 4 * * *")
    String ledgerPurge;

    /** The daily digest of deletions by mail; its timer exists only while mail is configured. */
    @Inject
    @ConfigProperty(name = MAIL_DIGEST, defaultValue = "0 7 * * *")
    String mailDigest;

    @Inject
    RetentionSweepStarter sweeps;

    @Inject
    MailSettings mail;

    @Inject
    MailSummaries summaries;

    @Inject
    ExpiryTimer expired;

    @Inject
    JobStarter jobs;

    @Inject
    MaintenanceStarter maintenanceRuns;

    @Inject
    ClusterTicks ticks;

    @Inject
    BatchSupervisor supervisor;

    @Resource
    TimerService timers;

    private final Map<String, CronSetting> schedules = new HashMap<>();

    @PostConstruct
    void schedule() {
        Map<String, String> configured = Map.of(RETENTION_SWEEP, retentionSweep, EXPIRY, expiry,
                PENDING_UPLOADS, pendingUploads, MAINTENANCE, maintenance, LEDGER_PURGE, ledgerPurge,
                MAIL_DIGEST, mailDigest);
        // parse all first, so one bad value fails start-up before any timer exists
        configured.forEach((key, cron) -> schedules.put(key, CronSetting.parse(key, cron)));
        configured.forEach((key, cron) -> {
            if (!key.equals(MAIL_DIGEST) || mail.enabled()) {
                create(key, cron);
            }
        });
    }

    private void create(String key, String cron) {
        Timer timer = timers.createCalendarTimer(schedules.get(key).toExpression(), new TimerConfig(key, false));
        LOG.info(() -> key + " = '" + cron + "' (UTC), next run " + timer.getNextTimeout().toInstant());
    }

    @Timeout
    void run(Timer timer) {
        String key = (String) timer.getInfo();
        Instant tick = schedules.get(key).tickOf(Instant.now());
        for (Task task : Task.values()) {
            if (task.schedule.equals(key)) {
                runOnce(task, tick);
            }
        }
    }

    /** Runs the task's tick if this instance claims it first; a failure is recorded and logged, never thrown. */
    private void runOnce(Task task, Instant tick) {
        try {
            if (!ticks.claim(task.label, tick, supervisor.instance())) {
                LOG.fine(() -> task.label + " tick " + tick + " runs on another instance");
                return;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, task.label + " tick " + tick + " skipped: it could not be claimed", e);
            return;
        }
        try {
            ticks.succeeded(task.label, tick, perform(task, tick));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, task.label + " tick " + tick + " failed", e);
            ticks.failed(task.label, tick, String.valueOf(e.getMessage()));
        }
    }

    /** Does the task's work; returns what it did, for the tick's row. */
    private String perform(Task task, Instant tick) {
        return switch (task) {
            case RETENTION_SWEEP_RUN -> "execution " + sweeps.scheduled();
            case EXPIRY_SWEEP -> expired.sweep().map(deletion -> "deletion " + deletion.id()).orElse("nothing due");
            case PENDING_RESOLVER -> started(jobs.startUnlessRunning(PENDING_UPLOADS_JOB));
            case QUARANTINE_PURGE -> maintenanceRuns.purgeQuarantine() + " queued";
            case MAINTENANCE_RUN -> "run " + maintenanceRuns.scheduled().id();
            case DELETED_ROWS_PURGE -> started(jobs.startUnlessRunning(LEDGER_PURGE_JOB));
            case DELETION_DIGEST -> summaries.digest(tick) ? "queued" : "queued already";
        };
    }

    private static String started(OptionalLong execution) {
        return execution.isPresent() ? "execution " + execution.getAsLong() : "still running";
    }
}
