package dev.custodian.maintenance.entity;

/**
 * What a caller asks of a maintenance run (API.md "Maintenance"). A run with {@code dryRun=false}
 * carries the {@code confirmationToken} of a finished dry run with the same parameters.
 *
 * @param trigger {@code api}, {@code cron} or {@code schedule}
 */
public record MaintenanceRequest(boolean dryRun, String keyPrefix, OrphanAction orphanAction, int orphanMinAgeDays,
                                 MissingAction missingAction, long maxDelete, String confirmationToken,
                                 String trigger) {

    /** True when both would look at and act on the same things. */
    public boolean sameParameters(MaintenanceRun run) {
        return keyPrefix.equals(run.keyPrefix()) && orphanAction == run.orphanAction()
                && orphanMinAgeDays == run.orphanMinAgeDays() && missingAction == run.missingAction();
    }
}
