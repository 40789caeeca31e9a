package dev.custodian.migration.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.migration.entity.MigrationItem;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.testing.LedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration's intents against PostgreSQL itself: which items a run may lease (its own open
 * ones, and the half-done moves of ended runs, never a dry run's or another kind's), that a lease
 * holds until it runs out or is released, and how each step's outcome is recorded.
 */
class MigrationItemsIT {

    private static final LedgerDatabase DATABASE = new LedgerDatabase();

    private final List<String> audited = new ArrayList<>();
    private final MigrationItems items = new MigrationItems();

    MigrationItemsIT() {
        LedgerDatabase.inject(items, "sql", DATABASE.sql());
        LedgerDatabase.inject(items, "store", store());
        LedgerDatabase.inject(items, "audit", new AuditLog() {
            @Override
            public void record(String actor, String action, UUID deletionId, UUID runId, String key, String outcome,
                               String detail) {
                audited.add(key + " " + outcome);
            }
        });
    }

    @AfterAll
    static void drop() {
        DATABASE.close();
    }

    /** A store that only answers what leases need. */
    private static ObjectStore store() {
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "requestTimeout" -> Duration.ofSeconds(10);
                    case "bucket" -> "media";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static UUID run(String kind, String state, boolean dryRun) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into bucket_run (id, kind, state, dry_run, max_objects, actor, created_at) values ('"
                + id + "', '" + kind + "', '" + state + "', " + dryRun + ", 100, 'a', now())");
        return id;
    }

    private static void item(UUID runId, String key, String outcome) {
        DATABASE.execute("insert into bucket_run_item (run_id, object_key, outcome, target_key, object_id, size_bytes,"
                + " etag) values ('" + runId + "', '" + key + "', '" + outcome + "', 'users/u1/" + key + "', '"
                + UUID.randomUUID() + "', 3, 'e-source')");
    }

    private static List<String> keys(List<MigrationItem> claimed) {
        return claimed.stream().map(MigrationItem::from).sorted().toList();
    }

    private static String row(UUID runId, String key) {
        return DATABASE.rows("select outcome || ' ' || coalesce(etag, '-') || ' ' || coalesce(detail, '-') || ' '"
                + " || (lease_until is null) from bucket_run_item where run_id = '" + runId + "' and object_key = '"
                + key + "'").get(0);
    }

    @Test
    void aRunLeasesItsOpenItemsAndTheHalfDoneMovesOfEndedMigrationsOnly() {
        UUID run = run("migration", "running", false);
        for (String outcome : List.of("planned", "copied", "switched", "migrated", "skipped", "conflict", "failed")) {
            item(run, "own-" + outcome, outcome);
        }
        UUID crashed = run("migration", "failed", false);
        item(crashed, "crashed-planned", "planned");
        item(crashed, "crashed-copied", "copied");
        item(crashed, "crashed-switched", "switched");
        UUID other = run("migration", "running", false);
        item(other, "other-copied", "copied");
        UUID dry = run("migration", "failed", true);
        item(dry, "dry-copied", "copied");
        UUID backfill = run("backfill", "failed", false);
        item(backfill, "backfill-copied", "copied");

        try {
            assertThat(keys(items.claim(run, 100))).as("a crashed run's plan is re-planned, not carried out; a"
                            + " running run's items are its own; a dry run moved nothing; a backfill has no moves")
                    .containsExactly("crashed-copied", "crashed-switched", "own-copied", "own-planned", "own-switched");
        } finally {
            // the ended run's moves are every run's to take up: not the other tests'
            DATABASE.execute("update bucket_run_item set outcome = 'migrated' where run_id = '" + crashed + "'");
        }
    }

    @Test
    void aLeaseHoldsUntilReleasedAndOpenItemsAreCountedWhateverTheirLease() {
        UUID run = run("migration", "running", false);
        item(run, "a", "planned");
        item(run, "b", "copied");
        item(run, "c", "migrated");

        assertThat(items.claim(run, 100)).hasSize(2);
        assertThat(items.claim(run, 100)).as("leased: nobody else takes them").isEmpty();
        assertThat(items.openItems(run)).isEqualTo(2);

        items.releaseLeases(run);

        assertThat(keys(items.claim(run, 1))).as("a restarted execution takes its dead predecessor's leases")
                .hasSize(1);
        assertThat(keys(items.claim(run, 100))).hasSize(1);
    }

    @Test
    void anOutageLeasesTheItemForAMomentWithWhy() {
        UUID run = run("migration", "running", false);
        item(run, "a", "planned");
        MigrationItem claimed = items.claim(run, 1).get(0);

        items.later(claimed, "store down");

        assertThat(row(run, "a")).isEqualTo("planned e-source store down false");
        assertThat(items.claim(run, 1)).as("not before the second is over").isEmpty();
    }

    @Test
    void onlyAPlannedItemBecomesCopiedWithTheCopysEtag() {
        UUID run = run("migration", "running", false);
        item(run, "a", "planned");
        item(run, "b", "copied");
        List<MigrationItem> claimed = items.claim(run, 2);
        MigrationItem planned = claimed.stream().filter(i -> i.from().equals("a")).findFirst().orElseThrow();
        MigrationItem copied = claimed.stream().filter(i -> i.from().equals("b")).findFirst().orElseThrow();

        assertThat(items.copied(planned, "e-copy", "admin").outcome()).isEqualTo(ItemOutcome.COPIED);
        items.copied(copied, "e-other", "admin");

        assertThat(row(run, "a")).startsWith("copied e-copy");
        assertThat(row(run, "b")).as("a crashed attempt's copied item keeps its verified etag")
                .startsWith("copied e-source");
        assertThat(audited).containsExactly("a copied");
    }

    @Test
    void eachEndedStepRecordsItsOutcomeAndLetsTheLeaseGo() {
        UUID run = run("migration", "running", false);
        item(run, "a", "switched");
        item(run, "b", "planned");
        item(run, "c", "copied");
        List<MigrationItem> claimed = items.claim(run, 3).stream()
                .sorted((x, y) -> x.from().compareTo(y.from())).toList();

        items.end(List.of(new MigrationMoves.Result(claimed.get(0), MigrationMoves.Step.SWITCHED, "moved"),
                new MigrationMoves.Result(claimed.get(1), MigrationMoves.Step.CONFLICT, "other bytes"),
                new MigrationMoves.Result(claimed.get(2), MigrationMoves.Step.FAILED, "refused")), "admin");

        assertThat(List.of(row(run, "a"), row(run, "b"), row(run, "c"))).containsExactly(
                "migrated e-source moved true", "conflict e-source other bytes true", "failed e-source refused true");
        assertThat(items.openItems(run)).isZero();
    }

    @Test
    void aDryRunPagesItsPlannedItemsByKeyset() {
        UUID run = run("migration", "running", true);
        item(run, "a", "planned");
        item(run, "b", "skipped");
        item(run, "c", "planned");

        List<MigrationItems.Planned> first = items.planned(run, 0, 1);
        List<MigrationItems.Planned> second = items.planned(run, first.get(0).id(), 10);

        assertThat(first).extracting(p -> p.item().from()).containsExactly("a");
        assertThat(second).extracting(p -> p.item().from()).containsExactly("c");
    }
}
