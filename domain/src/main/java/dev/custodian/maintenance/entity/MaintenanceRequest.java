package dev.custodian.maintenance.entity;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;

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

    public static final int MAX_ORPHAN_MIN_AGE_DAYS = 36500;

    /**
     * A request as an API caller sent it (null: not sent), with the rules every caller meets: a
     * dry run unless {@code dryRun} is false, a prefix that ends in {@code /} and is not the
     * quarantine, a minimum age of 0..36500 days (the configured orphan minimum age when none is
     * sent), no negative cap (the configured one when none is sent).
     *
     * @throws dev.custodian.validation.ValidationException naming every field that breaks a rule
     */
    public static MaintenanceRequest of(Boolean dryRun, String keyPrefix, OrphanAction orphanAction,
                                        Long orphanMinAgeDays, MissingAction missingAction, Long maxDelete,
                                        String confirmationToken, Defaults defaults) {
        Violations violations = new Violations();
        String prefix = keyPrefix == null ? "" : keyPrefix;
        Identifiers.keyPrefix(violations, "key_prefix", prefix);
        QuarantinedObject.refuseUnderQuarantine(violations, "key_prefix", prefix, "that is the quarantine");
        if (orphanMinAgeDays != null && (orphanMinAgeDays < 0 || orphanMinAgeDays > MAX_ORPHAN_MIN_AGE_DAYS)) {
            violations.add("orphan_min_age_days", "must be 0.." + MAX_ORPHAN_MIN_AGE_DAYS);
        }
        if (maxDelete != null && maxDelete < 0) {
            violations.add("max_delete", "must not be negative");
        }
        violations.throwIfAny();
        return new MaintenanceRequest(!Boolean.FALSE.equals(dryRun), prefix, orphanAction,
                orphanMinAgeDays == null ? defaults.orphanMinAgeDays() : orphanMinAgeDays.intValue(), missingAction,
                maxDelete == null ? defaults.maxDelete() : maxDelete, confirmationToken, "api", null);
    }

    /** What a request that names no minimum age or cap gets: the configured ones. */
    public record Defaults(int orphanMinAgeDays, long maxDelete) {
    }

    /** The same run, scanning the checked inventory report instead of the listing. */
    public MaintenanceRequest scanning(Inventory report) {
        return new MaintenanceRequest(dryRun, keyPrefix, orphanAction, orphanMinAgeDays, missingAction, maxDelete,
                confirmationToken, trigger, report);
    }

    /** True when both would look at and act on the same things. */
    public boolean sameParameters(MaintenanceRun run) {
        return keyPrefix.equals(run.keyPrefix()) && orphanAction == run.orphanAction()
                && orphanMinAgeDays == run.orphanMinAgeDays() && missingAction == run.missingAction()
                && Objects.equals(inventory, run.inventory());
    }
}
