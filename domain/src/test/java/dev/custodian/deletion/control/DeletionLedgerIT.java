package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.control.DeletionRows;
import dev.custodian.ledger.control.DrainRows;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.persistence.Clause;
import dev.custodian.testing.LedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How deletions are filled, against PostgreSQL itself: an owner's rows taken chunk by chunk
 * behind a cursor (never another owner's), and the keys a sweep or a bulk run found queued or
 * parked without taking what a live record of the same deletion gave up on; and {@link
 * DeletionRows}' other events: a fill's parked rows made due or given back, records forgotten,
 * a retry's requeue, rows taken by id.
 */
class DeletionLedgerIT {

    private static final LedgerDatabase DATABASE = new LedgerDatabase();
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final DeletionLedger ledger = LedgerDatabase.inject(new DeletionLedger(), "sql", DATABASE.sql());
    private final DrainLedger drain = LedgerDatabase.inject(new DrainLedger(), "sql", DATABASE.sql());
    private final DeletionRows rows = LedgerDatabase.inject(new DeletionRows(), "sql", DATABASE.sql());
    private final String bucket = "b-" + UUID.randomUUID();

    DeletionLedgerIT() {
        AuditLog audit = LedgerDatabase.inject(new AuditLog(), "sql", DATABASE.sql());
        LedgerDatabase.inject(ledger, "audit", audit);
        LedgerDatabase.inject(drain, "audit", audit);
        LedgerDatabase.inject(ledger, "drainLedger", drain);
        LedgerDatabase.inject(ledger, "deletionRows", rows);
        LedgerDatabase.inject(drain, "deletionRows", rows);
        LedgerDatabase.inject(drain, "drainRows", LedgerDatabase.inject(new DrainRows(), "sql", DATABASE.sql()));
    }

    @AfterAll
    static void drop() {
        DATABASE.close();
    }

    private UUID row(String key, String userId, String state, UUID deletionId) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into stored_object (id, bucket, object_key, user_id, state, deletion_id, size_bytes,"
                + " created_at, updated_at) values ('" + id + "', '" + bucket + "', '" + key + "', '" + userId + "', '"
                + state + "', " + (deletionId == null ? "null" : "'" + deletionId + "'") + ", 1, now(), now())");
        return id;
    }

    /** The rows of the bucket {@code where} picks, live ones and the proof of deleted ones. */
    private List<String> rows(String where) {
        return DATABASE.rows("select object_key || ' ' || state || ' ' || coalesce(deletion_id::text, '-') from"
                + " (select object_key, state, deletion_id, bucket, user_id, project_id from stored_object union all"
                + " select object_key, 'deleted', deletion_id, bucket, user_id, project_id from deleted_object) o"
                + " where bucket = '" + bucket + "' and " + where + " order by object_key");
    }

    @Test
    void anOwnersRowsAreTakenChunkByChunkBehindACursorAndNoOtherOwnersEver() {
        UUID deletion = DATABASE.deletion("user", "u1", false);
        for (int i = 0; i < 5; i++) {
            row("users/u1/f" + i, "u1", "active", null);
        }
        DATABASE.proveDeleted(row("users/u1/gone", "u1", "active", null), "now()");
        row("users/u2/f0", "u2", "active", null);

        List<DeletionLedger.ExpandedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chunks.add(ledger.expandChunk(bucket, 2, LEASE, Instant.now()));
        }

        assertThat(chunks).extracting(DeletionLedger.ExpandedChunk::taken).as("a short chunk ends it, then nothing"
                + " is left expanding").containsExactly(2, 2, 1, 0);
        assertThat(chunks).flatExtracting(DeletionLedger.ExpandedChunk::keys).extracting(DueKey::key)
                .containsExactlyInAnyOrder("users/u1/f0", "users/u1/f1", "users/u1/f2", "users/u1/f3", "users/u1/f4")
                .hasSameSizeAs(chunks.stream().flatMap(c -> c.keys().stream()).map(DueKey::objectId).distinct().toList());
        assertThat(chunks).flatExtracting(DeletionLedger.ExpandedChunk::keys)
                .allSatisfy(key -> assertThat(key.deletionId()).isEqualTo(deletion));
        assertThat(rows("user_id = 'u1' and state = 'active'")).as("active rows go to the store unclaimed: no"
                + " write until it confirmed them").hasSize(5);
        assertThat(DATABASE.rows("select count(*) from deletion_chunk where deletion_id = '" + deletion + "'"))
                .as("three chunks in flight").containsExactly("3");
        assertThat(rows("object_key = 'users/u1/gone'")).containsExactly("users/u1/gone deleted -");
        assertThat(rows("user_id = 'u2'")).as("another owner's row").containsExactly("users/u2/f0 active -");
        assertThat(DATABASE.rows("select expanded::text from deletion_request where id = '" + deletion + "'"))
                .containsExactly("true");
        assertThat(drain.claimSettled(10, LEASE, Instant.now())).as("not settled while a chunk is in flight")
                .doesNotContain(deletion);
    }

    @Test
    void aChunkSendsActiveRowsUnclaimedAndLeasesTheRestExceptAKeyWhoseReplaceUploadStillStoresItsBytes() {
        UUID deletion = DATABASE.deletion("user", "u5", false);
        UUID plain = row("users/u5/a", "u5", "active", null);
        UUID replacing = row("users/u5/b", "u5", "active", null);
        UUID missing = row("users/u5/c", "u5", "missing", null);
        DATABASE.execute("update stored_object set replacing_until = now() + interval '1 hour' where id = '" + replacing + "'");
        Instant now = Instant.now();

        DeletionLedger.ExpandedChunk chunk = ledger.expandChunk(bucket, 10, LEASE, now);

        assertThat(chunk.taken()).isEqualTo(3);
        assertThat(chunk.keys()).extracting(DueKey::objectId).containsExactlyInAnyOrder(plain, missing);
        assertThat(chunk.keys()).filteredOn(key -> key.objectId().equals(plain)).singleElement()
                .satisfies(key -> assertThat(key.unclaimed()).isNotNull());
        assertThat(chunk.keys()).filteredOn(key -> key.objectId().equals(missing)).singleElement()
                .satisfies(key -> assertThat(key.unclaimed()).isNull());
        assertThat(rows("user_id = 'u5'")).containsExactly("users/u5/a active -", "users/u5/b deleting " + deletion,
                "users/u5/c deleting " + deletion);
        assertThat(DATABASE.rows("select state from deletion_request where id = '" + deletion + "'"))
                .as("its first key starts it").containsExactly("running");
        assertThat(drain.claimDue(bucket, 10, LEASE, now)).as("a leased row is not claimed again, nor one"
                + " whose bytes are still being stored").isEmpty();
        assertThat(ledger.expandChunk(bucket, 10, LEASE, now).taken()).as("the chunk is in flight").isZero();
        Instant afterLease = now.plus(LEASE).plusSeconds(1);
        assertThat(drain.claimDue(bucket, 10, LEASE, afterLease)).as("a taken-over row whose drain died is due"
                + " once its lease ran out").extracting(DueKey::objectId).containsExactly(missing);
        assertThat(ledger.expandChunk(bucket, 10, LEASE, afterLease).keys()).as("so is the stranded chunk's"
                + " unclaimed row, taken again from its range").extracting(DueKey::objectId).containsExactly(plain);
    }

    @Test
    void anUnclaimedRowBecomesProofInOneWriteOnlyIfItDidNotChangeAndAnyOtherIsTakenOver() {
        UUID deletion = DATABASE.deletion("user", "u6", false);
        UUID confirmed = row("users/u6/a", "u6", "active", null);
        UUID moved = row("users/u6/b", "u6", "active", null);
        UUID refused = row("users/u6/c", "u6", "active", null);
        UUID takenElsewhere = row("users/u6/d", "u6", "active", null);
        UUID other = DATABASE.deletion("retention", "-", true);
        Instant now = Instant.now();
        List<DueKey> keys = ledger.expandChunk(bucket, 10, LEASE, now).keys();
        // meanwhile a migration moved one key and a retention deletion took another
        DATABASE.execute("update stored_object set object_key = 'users/u6/b2' where id = '" + moved + "'");
        DATABASE.execute("update stored_object set state = 'deleting', deletion_id = '" + other + "',"
                + " next_attempt_at = now() where id = '" + takenElsewhere + "'");

        drain.recordOutcomes(keys.stream().map(key -> key.objectId().equals(refused)
                ? KeyOutcome.unanswered(key, "AccessDenied", "denied", false, false)
                : new KeyOutcome(key, true, null, null, false, false, null, List.of())).toList(),
                new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofHours(24), () -> 0.0), now);

        assertThat(rows("user_id = 'u6'")).containsExactly(
                "users/u6/a deleted " + deletion,
                "users/u6/b2 deleting " + deletion,
                "users/u6/c deleting " + deletion,
                "users/u6/d deleting " + other);
        assertThat(DATABASE.rows("select attempts || ' ' || last_error_code from stored_object where id = '" + refused + "'"))
                .as("the refusal counts as its deletion's attempt").containsExactly("1 AccessDenied");
        assertThat(DATABASE.rows("select attempts || ' ' || coalesce(last_error_code, '-') from stored_object where id = '"
                + takenElsewhere + "'")).as("another deletion's row keeps its own record").containsExactly("0 -");
        assertThat(DATABASE.rows("select count(*) from deletion_chunk where deletion_id = '" + deletion + "'"))
                .as("the chunk is no longer in flight").containsExactly("0");
        assertThat(DATABASE.rows("select count(*) from stored_object where id = '" + confirmed + "'"))
                .as("the confirmed row left the live table").containsExactly("0");
        assertThat(DATABASE.rows("select object_key || ' ' || (deleted_at is not null) from deleted_object where id = '"
                + confirmed + "'")).containsExactly("users/u6/a true");
    }

    @Test
    void anUnclaimedConfirmationThatWaitsForAConcurrentUpdateConfirmsOnlyTheRowsThatUpdateLeftAsTheyWere()
            throws Exception {
        UUID deletion = DATABASE.deletion("user", "u7", false);
        UUID replaced = row("users/u7/a", "u7", "active", null);
        UUID rolledBack = row("users/u7/b", "u7", "active", null);
        Instant now = Instant.now();
        List<DueKey> keys = ledger.expandChunk(bucket, 10, LEASE, now).keys();
        ExecutorService drainThread = Executors.newSingleThreadExecutor();
        try (Connection upload = DATABASE.connect(); Connection abandoned = DATABASE.connect()) {
            // a replace upload begins on one key, and a transaction that will roll back writes the other
            upload.setAutoCommit(false);
            upload.createStatement().execute("update stored_object set replacing_until = now() + interval '1 hour'"
                    + " where id = '" + replaced + "'");
            abandoned.setAutoCommit(false);
            abandoned.createStatement().execute("update stored_object set updated_at = now() where id = '" + rolledBack + "'");

            Future<?> confirming = drainThread.submit(() -> drain.recordOutcomes(keys.stream()
                    .map(key -> new KeyOutcome(key, true, null, null, false, false, null, List.of())).toList(),
                    new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofHours(24), () -> 0.0),
                    now));
            awaitLockWait();
            upload.commit();
            abandoned.rollback();
            confirming.get(30, TimeUnit.SECONDS);
        } finally {
            drainThread.shutdownNow();
        }

        assertThat(DATABASE.stateOf(rolledBack)).as("the write that rolled back left the row as the chunk read it")
                .isEqualTo("deleted");
        assertThat(DATABASE.stateOf(replaced)).as("the row the upload changed while the store deleted its key is"
                + " taken over by the deletion, never made its proof").isEqualTo("deleting");
        assertThat(DATABASE.rows("select deletion_id::text from stored_object where id = '" + replaced + "'"))
                .containsExactly(deletion.toString());
    }

    /** Waits until a statement of the database waits for a row lock. */
    private static void awaitLockWait() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (DATABASE.rows("select 1 from pg_stat_activity where wait_event_type = 'Lock'"
                + " and datname = current_database()").isEmpty()) {
            assertThat(Instant.now()).as("the confirmation never waited for the open transactions").isBefore(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aSweepQueuesUnknownKeysAndTakesLiveRowsOverButNotWhatItsOwnDeletionGaveUpOn() {
        UUID deletion = DATABASE.deletion("user", "u3", true);
        row("users/u3/active", "u3", "active", null);
        row("users/u3/failed-here", "u3", "delete_failed", deletion);

        int queued = ledger.queueUntracked(deletion, bucket, List.of(new UntrackedKey("users/u3/unknown", 4, null),
                new UntrackedKey("users/u3/active", 1, null), new UntrackedKey("users/u3/failed-here", 1, null)),
                Instant.now());

        assertThat(queued).isEqualTo(2);
        assertThat(rows("object_key like 'users/u3/%'")).containsExactly(
                "users/u3/active deleting " + deletion, "users/u3/failed-here delete_failed " + deletion,
                "users/u3/unknown deleting " + deletion);
        assertThat(DATABASE.rows("select count(*) from audit_event, unnest(object_keys) k where deletion_id = '"
                + deletion + "' and action = 'queue_untracked'")).containsExactly("2");
    }

    private static FoundObject found(String key) {
        return new FoundObject(key, null, 1, null, null, null);
    }

    @Test
    void parkedKeysWaitForTheirRunToReleaseThemAndKeysALiveRowHoldsAreNotParked() {
        UUID deletion = DATABASE.deletion("bulk", "-", true);
        row("tmp/held-by-someone", "u4", "active", null);

        assertThat(rows.queueUntracked(deletion, bucket, List.of(found("tmp/a"), found("tmp/held-by-someone")),
                null, Instant.now())).containsExactly("tmp/a");
        assertThat(drain.claimDue(bucket, 10, Duration.ofMinutes(1), Instant.now())).as("parked: nothing due")
                .isEmpty();

        assertThat(rows.makeParkedDue(deletion, Instant.now())).isEqualTo(1);
        assertThat(drain.claimDue(bucket, 10, Duration.ofMinutes(1), Instant.now().plusSeconds(1)))
                .extracting(key -> key.key()).containsExactly("tmp/a");
        assertThat(rows("object_key = 'tmp/held-by-someone'")).containsExactly("tmp/held-by-someone active -");
    }

    @Test
    void aFillParksWhatItSelectsAndCanGiveItAllBack() {
        UUID deletion = DATABASE.deletion("clear", "-", true);
        UUID live = row("tmp/live.mp3", "active");
        UUID gone = row("tmp/gone.mp3", "missing");
        UUID elsewhere = row("keep/x.mp3", "active");
        UUID quarantined = row("_quarantine/r/tmp/q.mp3", "quarantined");
        // a cleanup never takes a standard record: its own new rows are its only standard ones
        DATABASE.execute("update stored_object set retention_class = 'temporary' where bucket = '" + bucket + "'");
        Instant now = Instant.now();

        assertThat(rows.takeOver(deletion, null, Clause.of("(bucket = ? and object_key like ? or bucket = ?"
                + " and object_key = ?)", bucket, "tmp/%", bucket, "_quarantine/r/tmp/q.mp3"), now)).isEqualTo(3);
        assertThat(rows.takeOverActive(deletion, null, Clause.of("bucket = ? and object_key like ?", bucket, "keep/%"),
                now)).isEqualTo(1);
        assertThat(rows.parkUntracked(deletion, bucket, Clause.of("select k object_key, 4::bigint size_bytes from unnest(?::text[]) k",
                (Object) new String[] {"tmp/new.mp3", "tmp/live.mp3"}), now)).as("a live row holds tmp/live.mp3").isEqualTo(1);
        assertThat(parked(deletion)).isEqualTo(5);

        assertThat(rows.dropParkedUntracked(deletion)).as("only the rows the fill inserted").isEqualTo(1);
        assertThat(rows.releaseParked(deletion, now)).isEqualTo(4);
        assertThat(List.of(live, gone, elsewhere, quarantined)).extracting(this::state).containsOnly("active");
    }

    @Test
    void aFillsParkedRowsBecomeDueTogether() {
        UUID deletion = DATABASE.deletion("bulk", "-", true);
        UUID old = row("tmp/old.mp3", "active");
        Instant now = Instant.now();

        rows.takeOverActive(deletion, null, Clause.of("id = ?", old), now);
        assertThat(rows.queueUntracked(deletion, bucket, List.of(new FoundObject("tmp/orphan.mp3",
                new KeyParts("u1", null, null, "audio", "orphan.mp3"), 3, null, null, null)), null, now))
                .containsExactly("tmp/orphan.mp3");
        assertThat(rows.makeParkedDue(deletion, now)).isEqualTo(2);
        assertThat(parked(deletion)).isZero();
        assertThat(DATABASE.rows("select state || ' ' || user_id from stored_object where object_key = 'tmp/orphan.mp3'"
                + " and bucket = '" + bucket + "'")).containsExactly("deleting u1");
    }

    @Test
    void aRetryQueuesFailedRowsAgainFromScratchAndHeldOnesOnlyWhenAsked() {
        UUID deletion = DATABASE.deletion("user", "u1", true);
        UUID failed = row("users/u1/failed.mp3", "delete_failed");
        UUID held = row("users/u1/held.mp3", "held");
        DATABASE.execute("update stored_object set deletion_id = '" + deletion + "', attempts = 8, last_error = 'denied'"
                + " where bucket = '" + bucket + "'");
        Instant now = Instant.now();

        assertThat(rows.requeueFailed(deletion, now)).isEqualTo(1);
        assertThat(rows.releaseHolds(deletion, true, now)).isEqualTo(1);

        assertThat(DATABASE.rows("select state || ' ' || attempts || ' ' || coalesce(last_error, '-') || ' '"
                + " || bypass_governance from stored_object where id in ('" + failed + "', '" + held + "')"
                + " order by object_key")).containsExactly("deleting 0 - false", "deleting 8 denied true");
    }

    @Test
    void aRecordsOnlyDeletionForgetsEveryLiveRowItSelects() {
        UUID deletion = DATABASE.deletion("user", "u1", true);
        UUID live = row("users/u1/a.mp3", "quarantined");
        UUID pending = row("users/u1/b.mp3", "pending");
        UUID other = row("users/u2/c.mp3", "active");

        assertThat(rows.forget(deletion, Clause.of("bucket = ? and object_key like ?", bucket, "users/u1/%"),
                Instant.now())).isEqualTo(2);
        assertThat(List.of(live, pending, other)).extracting(this::state).containsExactly("deleted", "deleted", "active");
    }

    @Test
    void rowsPickedByIdAreTakenOnlyWhileActive() {
        UUID deletion = DATABASE.deletion("duplicates", "u1", true);
        UUID active = row("users/u1/copy.mp3", "active");
        UUID quarantined = row("users/u1/q.mp3", "quarantined");

        assertThat(rows.takeOverActive(deletion, List.of(active, quarantined), Instant.now())).isEqualTo(1);
        assertThat(state(active)).isEqualTo("deleting");
        assertThat(state(quarantined)).isEqualTo("quarantined");
    }

    /** A live row of the test's bucket. */
    private UUID row(String key, String state) {
        return row(key, "u1", state, null);
    }

    private String state(UUID id) {
        return DATABASE.stateOf(id);
    }

    private long parked(UUID deletion) {
        return Long.parseLong(DATABASE.rows("select count(*) from stored_object where deletion_id = '" + deletion
                + "' and state = 'deleting' and next_attempt_at is null").get(0));
    }
}
