package dev.custodian.maintenance.entity;

import dev.custodian.inventory.entity.Inventory;

import java.util.Objects;

/**
 * What a caller asks of a maintenance run (API.md "Maintenance"). A run with {@code dryRun=false}
 * carries the {@code confirmationToken} of a finished dry run with the same parameters.
 *
 * @param trigger   {@code api}, {@code cron} or {@code schedule}
 * @param inventory the checked inventory report to scan instead of the listing, or null
 */
public record MaintenanceRequest(boolean dryRun, String keyPrefix, OrphanAction orphanAction, int orphanMinAgeDays,
                                 MissingAction missingAction, long maxDelete, String confirmationToken,
                                 String trigger, Inventory inventory) {

    /** True when both would look at and act on the same things. */
    public boolean sameParameters(MaintenanceRun run) {
        return keyPrefix.equals(run.keyPrefix()) && orphanAction == run.orphanAction()
                && orphanMinAgeDays == run.orphanMinAgeDays() && missingAction == run.missingAction()
                && Objects.equals(inventory, run.inventory());
    }
}
