package dev.custodian.maintenance.control;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.FindingKind;
import dev.custodian.maintenance.entity.FindingOutcome;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.MissingAction;
import dev.custodian.maintenance.entity.OrphanAction;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.run.entity.RunState;
import dev.custodian.testing.LedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance diff and its findings against PostgreSQL itself: which staged keys are orphaned
 * files, which records are orphaned, that the diff is done once, and how findings are settled.
 */
class MaintenanceFindingsIT {

    private static final LedgerDatabase DATABASE = new LedgerDatabase();
    private static final Instant NOW = Instant.now();

    private final MaintenanceFindings findings = LedgerDatabase.inject(new MaintenanceFindings(), "sql",
            DATABASE.sql());
    private final MaintenanceRuns runs = LedgerDatabase.inject(new MaintenanceRuns(), "sql", DATABASE.sql());
    private final String bucket = "b-" + UUID.randomUUID();

    @AfterAll
    static void drop() {
        DATABASE.close();
    }

    /** A running run over {@code prefix} whose scan began at {@code scanStartedAt}. */
    private MaintenanceRun run(String prefix, Instant scanStartedAt, Inventory inventory) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into maintenance_run (id, state, dry_run, key_prefix, orphan_action,"
                + " orphan_min_age_days, missing_action, max_delete, actor, trigger, created_at, started_at,"
                + " scan_started_at) values ('" + id + "', 'running', true, '" + prefix + "', 'report', 30, 'report',"
                + " 100, 'a', 'api', now(), now(), '" + scanStartedAt + "')");
        return new MaintenanceRun(id, RunState.RUNNING, true, prefix, OrphanAction.REPORT, 30, MissingAction.REPORT,
                100, null, "a", "api", null, null, null, null, NOW, NOW, scanStartedAt, null,
                new MaintenanceRun.Counters(0, 0, 0, 0, 0, 0, 0, 0, 0), null, inventory);
    }

    private UUID record(String key, String state, Instant updatedAt) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into stored_object (id, bucket, object_key, state, size_bytes, created_at, updated_at)"
                + " values ('" + id + "', '" + bucket + "', '" + key + "', '" + state + "', 1, '" + updatedAt + "', '"
                + updatedAt + "')");
        return id;
    }

    private static ObjectInfo listed(String key, Instant lastModified) {
        return new ObjectInfo(key, 3, "e", lastModified, null, null);
    }

    private List<String> all(MaintenanceRun run) {
        return DATABASE.rows("select kind || ' ' || object_key || ' ' || actionable || ' ' || coalesce(outcome, '-')"
                + " from maintenance_finding where run_id = '" + run.id() + "' order by kind, object_key");
    }

    private String counter(MaintenanceRun run, String column) {
        return DATABASE.rows("select " + column + " from maintenance_run where id = '" + run.id() + "'").get(0);
    }

    @Test
    void aListedKeyIsAnOrphanedFileOnlyWithoutALiveRecord() {
        MaintenanceRun run = run("", NOW, null);
        Instant old = NOW.minus(Duration.ofDays(40));
        record("a/tracked", "active", old);
        record("a/quarantined", "quarantined", old);
        record("a/deleting", "deleting", old);
        DATABASE.proveDeleted(record("a/gone", "active", old), "now()");
        findings.stage(run.id(), List.of(listed("a/tracked", old), listed("a/quarantined", old),
                listed("a/deleting", old), listed("a/gone", old), listed("a/untracked", NOW.minus(Duration.ofDays(1))),
                listed("_quarantine/r/a/x", old), listed("_custodian/probe", old)));

        findings.diff(run, bucket);

        assertThat(all(run)).as("a live record in any state holds its key; the quarantine and the service's own"
                        + " keys are never orphans; only files older than the minimum age are actionable")
                .containsExactly("orphaned_file a/gone true -", "orphaned_file a/untracked false -");
        assertThat(counter(run, "objects_scanned")).isEqualTo("5");
    }

    @Test
    void aRecordIsACandidateOrphanOnlyIfActiveUnderThePrefixAndUnchangedSinceTheScanBegan() {
        Instant scanStart = NOW.minus(Duration.ofMinutes(10));
        MaintenanceRun run = run("p/", scanStart, null);
        UUID lost = record("p/lost", "active", scanStart.minus(Duration.ofHours(1)));
        record("p/touched", "active", scanStart.plus(Duration.ofMinutes(1)));
        record("p/listed", "active", scanStart.minus(Duration.ofHours(1)));
        record("p/already-missing", "missing", scanStart.minus(Duration.ofHours(1)));
        record("q/elsewhere", "active", scanStart.minus(Duration.ofHours(1)));
        findings.stage(run.id(), List.of(listed("p/listed", scanStart)));

        findings.diff(run, bucket);

        assertThat(all(run)).containsExactly("orphaned_record p/lost true unconfirmed");
        assertThat(findings.findings(run.id(), null, 0, 10)).as("a candidate is not shown before a HEAD confirms it")
                .isEmpty();
        assertThat(counter(run, "records_checked")).as("records judged: active, under the prefix, unchanged")
                .isEqualTo("2");

        long candidate = findings.unsettled(run.id(), FindingOutcome.UNCONFIRMED, 0, 10).get(0).id();
        findings.confirm(run.id(), List.of(candidate), List.of(), List.of());
        List<Finding> shown = findings.findings(run.id(), FindingKind.ORPHANED_RECORD, 0, 10);
        assertThat(shown).extracting(Finding::objectId).containsExactly(lost);
        assertThat(shown.get(0).outcome()).isNull();
    }

    @Test
    void theDiffIsDoneOnceSoARestartNeverDiffsTheEmptiedListing() {
        MaintenanceRun run = run("r/", NOW, null);
        record("r/listed", "active", NOW.minus(Duration.ofHours(1)));
        findings.stage(run.id(), List.of(listed("r/listed", NOW), listed("r/orphan", NOW)));
        findings.diff(run, bucket);
        assertThat(DATABASE.rows("select count(*) from maintenance_listing where run_id = '" + run.id() + "'"))
                .as("the staging rows go with the diff").containsExactly("0");

        findings.diff(run, bucket);

        assertThat(all(run)).as("not re-diffed: r/listed would be a missing record, r/orphan lost")
                .containsExactly("orphaned_file r/orphan false -");
    }

    @Test
    void anInventorysOrphansWaitForAHeadAndAnUncheckedOneCountsAsACheckError() {
        MaintenanceRun run = run("i/", NOW, new Inventory("inv/manifest.json", NOW.minus(Duration.ofHours(20))));
        findings.stage(run.id(), List.of(listed("i/there", NOW.minus(Duration.ofDays(40))),
                listed("i/gone", NOW.minus(Duration.ofDays(40))), listed("i/unknown", NOW.minus(Duration.ofDays(40)))));
        findings.diff(run, bucket);
        assertThat(all(run)).allMatch(line -> line.endsWith("unconfirmed"));

        List<Finding> candidates = findings.unsettled(run.id(), FindingOutcome.UNCONFIRMED, 0, 10);
        // by key: i/gone, i/there, i/unknown
        findings.confirm(run.id(), List.of(candidates.get(1).id()), List.of(candidates.get(0).id()),
                List.of(candidates.get(2).id()));

        assertThat(all(run)).containsExactly("orphaned_file i/there true -");
        assertThat(counter(run, "check_errors")).isEqualTo("1");
    }

    @Test
    void settlingCountsOnlyWhatWasDone() {
        MaintenanceRun run = run("s/", NOW, null);
        findings.stage(run.id(), List.of(listed("s/a", NOW), listed("s/b", NOW), listed("s/c", NOW)));
        findings.diff(run, bucket);
        List<Finding> found = findings.unsettled(run.id(), null, 0, 10);

        findings.settle(run.id(), found.get(0).id(), FindingOutcome.QUARANTINED, "moved");
        findings.settle(run.id(), found.get(1).id(), FindingOutcome.DELETED, "queued");
        findings.settle(run.id(), found.get(2).id(), FindingOutcome.REPORTED, null);

        assertThat(DATABASE.rows("select quarantined || ' ' || deleted || ' ' || records_marked from maintenance_run"
                + " where id = '" + run.id() + "'")).containsExactly("1 1 0");
        assertThat(findings.unsettled(run.id(), null, 0, 10)).isEmpty();
        assertThat(findings.findings(run.id(), FindingKind.ORPHANED_FILE, 0, 10)).extracting(Finding::outcome)
                .containsExactly(FindingOutcome.QUARANTINED, FindingOutcome.DELETED, FindingOutcome.REPORTED);
    }

    @Test
    void anExecutionCopiesItsDryRunsFindingsOnceUnsettled() {
        MaintenanceRun dry = run("c/", NOW, null);
        findings.stage(dry.id(), List.of(listed("c/a", NOW), listed("c/b", NOW)));
        findings.diff(dry, bucket);
        findings.settle(dry.id(), findings.unsettled(dry.id(), null, 0, 10).get(0).id(), FindingOutcome.REPORTED, null);
        MaintenanceRun execution = run("c/", NOW, null);

        findings.copyFindings(dry.id(), execution.id());
        findings.copyFindings(dry.id(), execution.id());

        assertThat(all(execution)).as("a restarted act step copies nothing twice, and the outcomes stay the dry run's")
                .containsExactly("orphaned_file c/a false -", "orphaned_file c/b false -");
        assertThat(findings.actions(dry.id(), OrphanAction.QUARANTINE)).as("none old enough to act on").isZero();
    }

    @Test
    void aRunIsStrandedOnlyIfStillQueuedWithoutAJobSinceBefore() {
        UUID stranded = UUID.randomUUID();
        UUID started = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        for (UUID id : List.of(stranded, started, fresh)) {
            DATABASE.execute("insert into maintenance_run (id, state, dry_run, key_prefix, orphan_action,"
                    + " orphan_min_age_days, missing_action, max_delete, actor, trigger, created_at, execution_id)"
                    + " values ('" + id + "', 'queued', true, '', 'report', 0, 'report', 1, 'a', 'api', now() - "
                    + (id.equals(fresh) ? "interval '1 second'" : "interval '1 hour'") + ", "
                    + (id.equals(started) ? "7" : "null") + ")");
        }

        assertThat(runs.queuedWithoutJob(NOW.minus(Duration.ofMinutes(5)))).contains(stranded)
                .doesNotContain(started, fresh);
    }
}
