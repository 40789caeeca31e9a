package dev.custodian.maintenance.boundary;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.control.MaintenanceSettings;
import dev.custodian.maintenance.control.Quarantine;
import dev.custodian.maintenance.entity.MaintenanceRequest;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.MissingAction;
import dev.custodian.maintenance.entity.OrphanAction;
import dev.custodian.retention.control.RetentionSettings;
import dev.custodian.run.boundary.RunStarter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.logging.Logger;

/**
 * The maintenance runs no admin asks for, started through {@link RunStarter}: from the cron endpoint,
 * and on {@code custodian.maintenance.schedule} (which also purges old quarantine).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class MaintenanceStarter {

    private static final Logger LOG = Logger.getLogger(MaintenanceStarter.class.getName());

    @Inject
    MaintenanceRuns runs;

    @Inject
    MaintenanceSettings settings;

    @Inject
    RetentionSettings retention;

    @Inject
    Quarantine quarantine;

    @Inject
    RunStarter starter;

    /** The seed's daily dry run over the whole bucket; while one is active, that one is the answer. */
    public MaintenanceRun dryRun(String actor, String trigger) {
        return runs.active().stream().filter(run -> run.dryRun() && run.keyPrefix().isEmpty()).findFirst()
                .orElseGet(() -> starter.start(new MaintenanceRequest(true, "", OrphanAction.REPORT,
                        (int) retention.orphanMinAge().toDays(), MissingAction.REPORT, settings.maxDelete(), null,
                        trigger, null), actor));
    }

    /** On the maintenance schedule, before the run: queues quarantine past its retention; returns how many. */
    public long purgeQuarantine() {
        long purged = quarantine.purge(settings.quarantineRetention(), AuditLog.SYSTEM);
        if (purged > 0) {
            LOG.info(() -> purged + " quarantined files past their retention queued for deletion");
        }
        return purged;
    }

    /**
     * The scheduled run: a dry run, or, with {@code custodian.maintenance.auto-delete-orphans}, a
     * run that quarantines orphans older than {@code custodian.maintenance.auto-delete-after-days}
     * without confirmation.
     */
    public MaintenanceRun scheduled() {
        if (settings.autoDeleteOrphans()) {
            return starter.start(new MaintenanceRequest(false, "", OrphanAction.QUARANTINE,
                    (int) retention.orphanMinAge().toDays(),
                    MissingAction.REPORT, settings.maxDelete(), null, "schedule", null), AuditLog.SYSTEM);
        }
        return dryRun(AuditLog.SYSTEM, "schedule");
    }
}
