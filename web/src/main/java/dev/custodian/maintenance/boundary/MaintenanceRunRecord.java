package dev.custodian.maintenance.boundary;

import dev.custodian.maintenance.entity.MaintenanceRun;

import java.time.Instant;
import java.util.UUID;

/**
 * A maintenance run as API.md shows it, plus who started it and what it acted on; a run that scanned
 * an inventory report names its manifest in {@code params} and shows the report's creation time.
 */
public record MaintenanceRunRecord(UUID id, String state, boolean dryRun, Params params, String trigger, String actor,
                                   UUID sourceRunId, Long executionId, UUID deletionId, Instant createdAt,
                                   Instant startedAt, Instant finishedAt, DbToStorage dbToStorage,
                                   StorageToDb storageToDb, Summary summary, Actions actions, long checkErrors,
                                   String confirmationToken, String error, Instant inventoryCreatedAt) {

    public record Params(String keyPrefix, String orphanAction, int orphanMinAgeDays, String missingAction,
                         long maxDelete, String inventoryManifest) {
    }

    public record DbToStorage(long recordsChecked, long missing) {
    }

    public record StorageToDb(long objectsScanned, long orphans, long orphanBytes) {
    }

    public record Summary(long orphanedFiles, long orphanedRecords) {
    }

    public record Actions(long quarantined, long deleted, long recordsMarked) {
    }

    static MaintenanceRunRecord of(MaintenanceRun run) {
        MaintenanceRun.Counters c = run.counters();
        return new MaintenanceRunRecord(run.id(), run.state().wireName(), run.dryRun(), new Params(run.keyPrefix(),
                run.orphanAction().wireName(), run.orphanMinAgeDays(), run.missingAction().wireName(), run.maxDelete(),
                run.inventory() == null ? null : run.inventory().manifestKey()),
                run.trigger(), run.actor(), run.sourceRunId(), run.executionId(), run.deletionId(), run.createdAt(),
                run.startedAt(), run.finishedAt(), new DbToStorage(c.recordsChecked(), c.missing()),
                new StorageToDb(c.objectsScanned(), c.orphans(), c.orphanBytes()),
                new Summary(c.orphans(), c.missing()), new Actions(c.quarantined(), c.deleted(), c.recordsMarked()),
                c.checkErrors(), run.tokenUsedBy() == null ? run.confirmationToken() : null, run.error(),
                run.inventory() == null ? null : run.inventory().createdAt());
    }
}
