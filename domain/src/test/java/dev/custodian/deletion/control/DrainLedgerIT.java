package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.ledger.control.DeletionRows;
import dev.custodian.ledger.control.DrainRows;
import dev.custodian.testing.LedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain's SQL against PostgreSQL itself: claims that never overlap, the last checks before a
 * store call, and what each of the store's answers does to a row, its erased versions and the
 * audit.
 */
class DrainLedgerIT {

    private static final LedgerDatabase DATABASE = new LedgerDatabase();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final RetryPolicy RETRIES = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(10),
            Duration.ofHours(24), () -> 0.0);

    private final DrainLedger ledger = new DrainLedger();
    private final DrainRows rows = LedgerDatabase.inject(new DrainRows(), "sql", DATABASE.sql());
    private final String bucket = "b-" + UUID.randomUUID();
    private final UUID deletion = DATABASE.deletion("user", "u1", true);

    @BeforeEach
    void wire() {
        LedgerDatabase.inject(ledger, "sql", DATABASE.sql());
        LedgerDatabase.inject(ledger, "audit", LedgerDatabase.inject(new AuditLog(), "sql", DATABASE.sql()));
        LedgerDatabase.inject(ledger, "drainRows", rows);
        LedgerDatabase.inject(ledger, "deletionRows", LedgerDatabase.inject(new DeletionRows(), "sql", DATABASE.sql()));
    }

    @AfterAll
    static void drop() {
        DATABASE.close();
    }

    /** A row of the deletion, {@code deleting} and due now unless the extra columns say otherwise. */
    private UUID deleting(String key, String extraColumns, String extraValues) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into stored_object (id, bucket, object_key, state, deletion_id, attempts,"
                + " next_attempt_at, size_bytes, created_at, updated_at" + extraColumns + ") values ('" + id + "', '"
                + bucket + "', '" + key + "', 'deleting', '" + deletion + "', 0, now() - interval '1 second', 10,"
                + " now(), now()" + extraValues + ")");
        return id;
    }

    private String state(UUID id) {
        return DATABASE.rows("select state || ' ' || attempts from stored_object where id = '" + id + "'"
                + " union all select 'deleted' from deleted_object where id = '" + id + "'").get(0);
    }

    @Test
    void twoDrainsClaimingAtOnceNeverShareAKeyAndSkipRowsStillLeasedOrBeingReplaced() throws Exception {
        Set<UUID> claimable = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            claimable.add(deleting("k" + i, "", ""));
        }
        deleting("leased", ", lease_until", ", now() + interval '1 minute'");
        deleting("replacing", ", replacing_until", ", now() + interval '1 minute'");
        claimable.add(deleting("lease-ran-out", ", lease_until", ", now() - interval '1 second'"));

        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<List<DueKey>>> drains = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            drains.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return ledger.claimDue(bucket, 6, Duration.ofMinutes(2), Instant.now());
            }));
        }
        List<UUID> claimed = new ArrayList<>();
        for (CompletableFuture<List<DueKey>> drain : drains) {
            drain.get().forEach(key -> claimed.add(key.objectId()));
        }

        assertThat(claimed).as("no key twice, every due key once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(claimable);
        assertThat(DATABASE.rows("select state from deletion_request where id = '" + deletion + "'"))
                .containsExactly("running");
        assertThat(ledger.claimDue(bucket, 100, Duration.ofMinutes(2), Instant.now()))
                .as("leased now, so claimed by none").isEmpty();
    }

    @Test
    void eachAnswerOfTheStoreMovesItsRowAndTheAuditNamesEveryErasedVersion() {
        UUID versioned = deleting("versioned", "", "");
        UUID plain = deleting("plain", "", "");
        UUID held = deleting("held", "", "");
        UUID outage = deleting("outage", "", "");
        UUID refusedLastTime = deleting("refused", "", "");
        DATABASE.execute("update stored_object set attempts = 2 where id = '" + refusedLastTime + "'");
        Instant heldUntil = NOW.plus(Duration.ofDays(3));

        ledger.recordOutcomes(List.of(
                new KeyOutcome(due(versioned, "versioned", 0), true, null, null, false, false, null, List.of("v2", "v1")),
                new KeyOutcome(due(plain, "plain", 0), true, null, null, false, false, null, List.of()),
                new KeyOutcome(due(held, "held", 0), false, "legal_hold", "version v9: legal hold", false, false,
                        heldUntil, List.of("v8")),
                KeyOutcome.unanswered(due(outage, "outage", 0), "Timeout", "no answer", true, false),
                KeyOutcome.unanswered(due(refusedLastTime, "refused", 2), "AccessDenied", "denied", false, false)),
                RETRIES, NOW);

        assertThat(DATABASE.rows("select count(*) from stored_object where id in ('" + versioned + "', '" + plain + "')"))
                .as("a confirmation leaves no live row").containsExactly("0");
        assertThat(DATABASE.rows("select object_key || ' ' || (deletion_id = '" + deletion + "') || ' ' || size_bytes"
                + " || ' ' || (deleted_at = '" + NOW + "') || ' ' || coalesce(last_error, '-') from deleted_object"
                + " where id in ('" + versioned + "', '" + plain + "') order by object_key collate \"C\""))
                .as("the proof names the deletion, key, size and time the receipt and counts read")
                .containsExactly("plain true 10 true -", "versioned true 10 true -");
        assertThat(state(held)).isEqualTo("held 0");
        assertThat(state(outage)).as("an outage costs no attempt").isEqualTo("deleting 0");
        assertThat(DATABASE.rows("select waiting_for_store::text from stored_object where id = '" + outage + "'"))
                .containsExactly("true");
        assertThat(state(refusedLastTime)).as("the third refusal gives up").isEqualTo("delete_failed 3");
        assertThat(DATABASE.rows("select o.object_key || '@' || v.version_id from erased_version v join (select id,"
                + " bucket, object_key from stored_object union all select id, bucket, object_key from deleted_object) o"
                + " on o.id = v.object_id where o.bucket = '" + bucket + "' order by 1"))
                .as("a held key's unlocked version is erased too").containsExactly("held@v8", "versioned@v1",
                        "versioned@v2");
        assertThat(DATABASE.rows("select k.key || '@' || coalesce(k.version, '-') || ' ' || e.outcome from audit_event e,"
                + " unnest(e.object_keys, e.object_versions) as k(key, version) where e.deletion_id = '" + deletion
                + "' order by 1")).containsExactly("held@- held", "held@v8 deleted", "outage@- retry", "plain@- deleted",
                        "refused@- delete_failed", "versioned@v1 deleted", "versioned@v2 deleted");
    }

    @Test
    void aHoldThatMayHaveEndedMakesItsKeyDueAndRunsItsFinishedDeletionAgain() {
        UUID due = deleting("held-due", "", "");
        UUID later = deleting("held-later", "", "");
        DATABASE.execute("update stored_object set state = 'held', next_attempt_at = now() - interval '1 second'"
                + " where id = '" + due + "'");
        DATABASE.execute("update stored_object set state = 'held', next_attempt_at = now() + interval '1 day'"
                + " where id = '" + later + "'");
        DATABASE.execute("update deletion_request set state = 'completed_with_holds', finished_at = now()"
                + " where id = '" + deletion + "'");

        assertThat(ledger.releaseDueHolds(bucket, 10, Instant.now())).isEqualTo(1);

        assertThat(state(due)).isEqualTo("deleting 0");
        assertThat(state(later)).isEqualTo("held 0");
        assertThat(DATABASE.rows("select state || ' ' || (finished_at is null) from deletion_request where id = '"
                + deletion + "'")).containsExactly("running true");
    }

    @Test
    void aDuplicateWhoseKeptCopyLeftIsKeptBackNeverDeleted() {
        UUID removal = DATABASE.deletion("duplicates", "u1", true);
        UUID keptStays = active("kept-a.mp3");
        UUID keptLeaves = active("kept-b.mp3");
        UUID goes = duplicate("copy-a.mp3", removal, keptStays);
        UUID last = duplicate("copy-b.mp3", removal, keptLeaves);
        DATABASE.proveDeleted(keptLeaves, "now()");

        List<DueKey> claimed = ledger.claimDue(bucket, 10, Duration.ofMinutes(2), Instant.now());

        assertThat(claimed).extracting(DueKey::objectId).as("its kept copy is still there").containsExactly(goes);
        assertThat(DATABASE.rows("select state || ' ' || (deletion_id is null) from stored_object where id = '" + last
                + "'")).as("the content's last copy, out of the deletion").containsExactly("active true");
        assertThat(DATABASE.rows("select count(*) from duplicate_removal where removed_id = '" + last + "'"))
                .as("no longer answers lookups for the kept one").containsExactly("0");
        assertThat(DATABASE.rows("select outcome from audit_event where action = 'keep_duplicate' and deletion_id = '"
                + removal + "'")).containsExactly("kept");
    }

    @Test
    void theStoresReturnMakesOnlyTheKeysThatWaitedForItDue() {
        UUID waited = deleting("waited", ", waiting_for_store", ", true");
        UUID backingOff = deleting("backing-off", "", "");
        DATABASE.execute("update stored_object set next_attempt_at = now() + interval '1 hour' where bucket = '"
                + bucket + "'");

        assertThat(ledger.releaseWaitingForStore(bucket, NOW)).isEqualTo(1);

        assertThat(ledger.claimDue(bucket, 10, Duration.ofMinutes(1), NOW.plusSeconds(1))).extracting(DueKey::objectId)
                .containsExactly(waited);
        assertThat(DATABASE.rows("select count(*) from stored_object where id = '" + backingOff
                + "' and next_attempt_at > now()")).containsExactly("1");
    }

    @Test
    void oldProofIsPurgedIntoItsDeletionsFigures() {
        UUID old = deleting("old", "", "");
        UUID recent = deleting("recent", "", "");
        DATABASE.proveDeleted(old, "now() - interval '100 days'");
        DATABASE.proveDeleted(recent, "now()");
        DATABASE.execute("insert into erased_version (object_id, version_id, erased_at) values ('" + old + "', 'v1', now()),"
                + " ('" + recent + "', 'v1', now())");

        // the ledger's event itself: DrainLedger's audit of it goes through JPA
        assertThat(rows.purgeDeleted(Instant.now().minus(Duration.ofDays(90)), 10)).isEqualTo(1);

        assertThat(DATABASE.rows("select object_key from deleted_object where bucket = '" + bucket + "'"))
                .containsExactly("recent");
        assertThat(DATABASE.rows("select object_id::text from erased_version where object_id in ('" + old + "', '"
                + recent + "')")).as("a purged key's versions go with it").containsExactly(recent.toString());
        assertThat(DATABASE.rows("select purged_keys || ' ' || purged_bytes from deletion_request where id = '"
                + deletion + "'")).containsExactly("1 10");
    }

    @Test
    void aDeletionsCountsComeFromTheTallyEveryProofStatementWritesAndThePurgeLeavesThemWhole() {
        UUID other = DATABASE.deletion("user", "u2", true);
        UUID first = deleting("tally-a", "", "");
        UUID second = deleting("tally-b", "", "");
        UUID ofOther = deleting("tally-c", "", "");
        DATABASE.execute("update stored_object set deletion_id = '" + other + "' where id = '" + ofOther + "'");
        UUID failed = deleting("tally-d", "", "");
        DATABASE.execute("update stored_object set state = 'delete_failed' where id = '" + failed + "'");
        DeletionReads reads = LedgerDatabase.inject(new DeletionReads(), "sql", DATABASE.sql());

        rows.confirmDeleted(List.of(first, ofOther), NOW); // one statement, two deletions
        rows.confirmDeleted(List.of(second), NOW);

        assertThat(reads.counts(deletion)).isEqualTo(new DeletionCounts(3, 2, 1, 0, 20));
        assertThat(reads.counts(other)).isEqualTo(new DeletionCounts(1, 1, 0, 0, 10));
        assertThat(DATABASE.rows("select count(*) from deletion_tally where deletion_id = '" + deletion + "'"))
                .as("a row per statement and deletion, not per key").containsExactly("2");

        DATABASE.execute("update deleted_object set deleted_at = now() - interval '200 days' where deletion_id in ('"
                + deletion + "', '" + other + "')");
        rows.purgeDeleted(NOW.minus(Duration.ofDays(150)), 100);

        assertThat(DATABASE.rows("select count(*) from deleted_object where deletion_id in ('" + deletion + "', '"
                + other + "')")).as("the proof is gone").containsExactly("0");
        assertThat(reads.counts(deletion)).as("what it proved still counts").isEqualTo(new DeletionCounts(3, 2, 1, 0, 20));

        DeletedRowsPurge purge = LedgerDatabase.inject(new DeletedRowsPurge(), "sql", DATABASE.sql());
        purge.compactTallies();
        assertThat(DATABASE.rows("select count(*) from deletion_tally where deletion_id = '" + deletion + "'"))
                .as("a running deletion's tally is left as it is").containsExactly("2");
        DATABASE.execute("update deletion_request set state = 'failed', finished_at = now() where id = '" + deletion + "'");
        purge.compactTallies();
        assertThat(DATABASE.rows("select count(*) from deletion_tally where deletion_id = '" + deletion + "'"))
                .as("a finished one's is summed into one row").containsExactly("1");
        assertThat(reads.counts(deletion)).isEqualTo(new DeletionCounts(3, 2, 1, 0, 20));
    }

    private UUID active(String key) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into stored_object (id, bucket, object_key, state, size_bytes, created_at, updated_at)"
                + " values ('" + id + "', '" + bucket + "', '" + key + "', 'active', 10, now(), now())");
        return id;
    }

    /** A copy a duplicate removal queued (parked rows are made due, as the removal does when it queues them). */
    private UUID duplicate(String key, UUID removal, UUID kept) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into stored_object (id, bucket, object_key, state, deletion_id, attempts,"
                + " next_attempt_at, size_bytes, created_at, updated_at) values ('" + id + "', '" + bucket + "', '"
                + key + "', 'deleting', '" + removal + "', 0, now() - interval '1 second', 10, now(), now())");
        DATABASE.execute("insert into duplicate_removal (removed_id, bucket, removed_key, kept_id, deletion_id,"
                + " removed_at) values ('" + id + "', '" + bucket + "', '" + key + "', '" + kept + "', '" + removal
                + "', now())");
        return id;
    }

    private DueKey due(UUID id, String key, int attempts) {
        return new DueKey(id, key, deletion, attempts, null, 10);
    }
}
