package dev.custodian.ledger.control;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.persistence.Clause;
import dev.custodian.testing.LedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's events against PostgreSQL itself: each moves a row only from the states (and the
 * key) it may, so a row that changed since its caller looked is left alone and the caller told.
 */
class ObjectLedgerIT {

    private static final LedgerDatabase DATABASE = new LedgerDatabase();

    private final ObjectLedger ledger = LedgerDatabase.inject(new ObjectLedger(), "sql", DATABASE.sql());
    private final DeletionRows deletions = LedgerDatabase.inject(new DeletionRows(), "sql", DATABASE.sql());
    private final String bucket = "b-" + UUID.randomUUID();

    @AfterAll
    static void drop() {
        DATABASE.close();
    }

    private UUID row(String key, String state) {
        UUID id = UUID.randomUUID();
        DATABASE.execute("insert into stored_object (id, bucket, object_key, state, size_bytes, created_at, updated_at)"
                + " values ('" + id + "', '" + bucket + "', '" + key + "', '" + state + "', 1, now(), now())");
        return id;
    }

    private String row(UUID id) {
        return DATABASE.rows("select state || ' ' || object_key || ' ' || coalesce(user_id, '-') || ' '"
                + " || coalesce(etag, '-') from stored_object where id = '" + id + "'").get(0);
    }

    @Test
    void adoptionTakesOnlyKeysNoLiveRecordHolds() {
        row("users/u1/a.mp3", "active");
        row("users/u1/gone.mp3", "deleted");
        FoundObject held = new FoundObject("users/u1/a.mp3", new KeyParts("u1", null, null, "audio", "a.mp3"), 5,
                "e1", "audio/mpeg", Instant.parse("2026-01-01T00:00:00Z"));
        FoundObject gone = new FoundObject("users/u1/gone.mp3", new KeyParts("u1", null, null, "audio", "gone.mp3"), 7,
                "e2", "audio/mpeg", Instant.parse("2026-01-02T00:00:00Z"));

        assertThat(ledger.adopt(bucket, List.of(held, gone))).containsExactly("users/u1/gone.mp3");
        assertThat(DATABASE.rows("select state || ' ' || created_at::date from stored_object where bucket = '" + bucket
                + "' and object_key = 'users/u1/gone.mp3' order by state")).as("born active, as old as its object")
                .containsExactly("active 2026-01-02", "deleted " + Instant.now().toString().substring(0, 10));
    }

    @Test
    void aQuarantineAndItsRestoreMoveOnlyARecordStillWhereItWas() {
        UUID id = row("users/u1/a.mp3", "active");

        assertThat(ledger.quarantine(id, "users/u1/other.mp3", "_quarantine/r/users/u1/a.mp3"))
                .as("not at that key").isFalse();
        assertThat(ledger.quarantine(id, "users/u1/a.mp3", "_quarantine/r/users/u1/a.mp3")).isTrue();
        assertThat(row(id)).isEqualTo("quarantined _quarantine/r/users/u1/a.mp3 - -");
        assertThat(ledger.quarantine(id, "_quarantine/r/users/u1/a.mp3", "_quarantine/x/a.mp3"))
                .as("only an active record goes in").isFalse();

        assertThat(ledger.restore(id, "_quarantine/r/users/u1/a.mp3", "users/u1/a.mp3")).isTrue();
        assertThat(row(id)).isEqualTo("active users/u1/a.mp3 - -");
        assertThat(ledger.restore(id, "users/u1/a.mp3", "users/u1/a.mp3")).as("only a quarantined one comes out")
                .isFalse();
    }

    @Test
    void aRecordIsMissingOnlyIfItDidNotChangeSinceItWasJudged() {
        UUID judged = row("users/u1/lost.mp3", "active");
        UUID touched = row("users/u1/touched.mp3", "active");
        Instant judgedAt = Instant.now().plusSeconds(60);
        DATABASE.execute("update stored_object set updated_at = now() + interval '2 minutes' where id = '" + touched + "'");

        assertThat(ledger.markMissing(judged, judgedAt)).isTrue();
        assertThat(ledger.markMissing(touched, judgedAt)).as("re-uploaded since the dry run").isFalse();
        assertThat(row(judged)).startsWith("missing");
        assertThat(row(touched)).startsWith("active");
    }

    @Test
    void aMigrationsKeyMoveNeedsTheOldKeyAndAFreeNewOne() {
        UUID legacy = row("projects/p1/a.mp3", "active");
        UUID other = row("projects/p2/b.mp3", "active");
        row("users/u2/projects/p2/b.mp3", "active");

        assertThat(ledger.moveKey(legacy, "projects/p1/a.mp3", "users/u1/projects/p1/a.mp3", "u1", "e9")).isTrue();
        assertThat(row(legacy)).isEqualTo("active users/u1/projects/p1/a.mp3 u1 e9");
        assertThat(ledger.moveKey(legacy, "projects/p1/a.mp3", "users/u1/projects/p1/z.mp3", "u1", null))
                .as("no longer at the old key").isFalse();
        assertThat(ledger.moveKey(other, "projects/p2/b.mp3", "users/u2/projects/p2/b.mp3", "u2", null))
                .as("a live record holds the new key").isFalse();
        assertThat(row(other)).isEqualTo("active projects/p2/b.mp3 - -");
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

        assertThat(deletions.takeOver(deletion, null, Clause.of("(bucket = ? and object_key like ? or bucket = ?"
                + " and object_key = ?)", bucket, "tmp/%", bucket, "_quarantine/r/tmp/q.mp3"), now)).isEqualTo(3);
        assertThat(deletions.takeOverActive(deletion, null, Clause.of("bucket = ? and object_key like ?", bucket, "keep/%"),
                now)).isEqualTo(1);
        assertThat(deletions.parkUntracked(deletion, bucket, Clause.of("select k object_key, 4::bigint size_bytes from unnest(?::text[]) k",
                (Object) new String[] {"tmp/new.mp3", "tmp/live.mp3"}), now)).as("a live row holds tmp/live.mp3").isEqualTo(1);
        assertThat(parked(deletion)).isEqualTo(5);

        assertThat(deletions.dropParkedUntracked(deletion)).as("only the rows the fill inserted").isEqualTo(1);
        assertThat(deletions.releaseParked(deletion, now)).isEqualTo(4);
        assertThat(List.of(live, gone, elsewhere, quarantined)).extracting(this::row)
                .allMatch(state -> state.startsWith("active"));
    }

    @Test
    void aFillsParkedRowsBecomeDueTogether() {
        UUID deletion = DATABASE.deletion("bulk", "-", true);
        UUID old = row("tmp/old.mp3", "active");
        Instant now = Instant.now();

        deletions.takeOverActive(deletion, null, Clause.of("id = ?", old), now);
        assertThat(deletions.queueUntracked(deletion, bucket, List.of(new FoundObject("tmp/orphan.mp3",
                new KeyParts("u1", null, null, "audio", "orphan.mp3"), 3, null, null, null)), null, now))
                .containsExactly("tmp/orphan.mp3");
        assertThat(deletions.makeParkedDue(deletion, now)).isEqualTo(2);
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

        assertThat(deletions.requeueFailed(deletion, now)).isEqualTo(1);
        assertThat(deletions.releaseHolds(deletion, true, now)).isEqualTo(1);

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

        assertThat(deletions.forget(deletion, Clause.of("bucket = ? and object_key like ?", bucket, "users/u1/%"),
                Instant.now())).isEqualTo(2);
        assertThat(List.of(live, pending, other)).extracting(this::row).extracting(state -> state.split(" ")[0])
                .containsExactly("deleted", "deleted", "active");
    }

    @Test
    void rowsPickedByIdAreTakenOnlyWhileActive() {
        UUID deletion = DATABASE.deletion("duplicates", "u1", true);
        UUID active = row("users/u1/copy.mp3", "active");
        UUID quarantined = row("users/u1/q.mp3", "quarantined");

        assertThat(deletions.takeOverActive(deletion, List.of(active, quarantined), Instant.now())).isEqualTo(1);
        assertThat(row(active)).startsWith("deleting");
        assertThat(row(quarantined)).startsWith("quarantined");
    }

    @Test
    void aFinishedJobsFinalOutputsExpireOnceAndNeverLater() {
        UUID fresh = row("jobs/j1/final.mp4", "active");
        UUID dated = row("jobs/j1/dated.mp4", "active");
        UUID temporary = row("jobs/j1/tmp.bin", "active");
        DATABASE.execute("update stored_object set job_id = 'j1', retention_class = 'final' where id in ('" + fresh
                + "', '" + dated + "')");
        DATABASE.execute("update stored_object set expires_at = '2030-01-01T00:00:00Z' where id = '" + dated + "'");
        DATABASE.execute("update stored_object set job_id = 'j1', retention_class = 'temporary' where id = '"
                + temporary + "'");

        assertThat(ledger.expireFinalOutputs("j1", Instant.parse("2040-01-01T00:00:00Z"), Instant.now())).isEqualTo(1);
        assertThat(DATABASE.rows("select object_key || ' ' || coalesce(to_char(expires_at at time zone 'UTC', 'YYYY'), '-')"
                + " from stored_object where bucket = '" + bucket + "' order by object_key"))
                .containsExactly("jobs/j1/dated.mp4 2030", "jobs/j1/final.mp4 2040", "jobs/j1/tmp.bin -");
    }

    private long parked(UUID deletion) {
        return Long.parseLong(DATABASE.rows("select count(*) from stored_object where deletion_id = '" + deletion
                + "' and state = 'deleting' and next_attempt_at is null").get(0));
    }
}
