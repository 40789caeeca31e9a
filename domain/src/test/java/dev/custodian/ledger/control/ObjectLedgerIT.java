package dev.custodian.ledger.control;

import dev.custodian.deletion.control.Tombstones;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.KeyConflictException;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.RetentionClass;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.quota.control.Quotas;
import dev.custodian.testing.LedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger's events against PostgreSQL itself: each moves a row only from the states (and the
 * key) it may, so a row that changed since its caller looked is left alone and the caller told.
 */
class ObjectLedgerIT {

    private static final LedgerDatabase DATABASE = new LedgerDatabase();

    private final ObjectLedger ledger = LedgerDatabase.inject(new ObjectLedger(), "sql", DATABASE.sql());
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
        DATABASE.proveDeleted(row("users/u1/gone.mp3", "active"), "now()");
        FoundObject held = new FoundObject("users/u1/a.mp3", new KeyParts("u1", null, null, "audio", "a.mp3"), 5,
                "e1", "audio/mpeg", Instant.parse("2026-01-01T00:00:00Z"));
        FoundObject gone = new FoundObject("users/u1/gone.mp3", new KeyParts("u1", null, null, "audio", "gone.mp3"), 7,
                "e2", "audio/mpeg", Instant.parse("2026-01-02T00:00:00Z"));

        assertThat(ledger.adopt(bucket, List.of(held, gone))).containsExactly("users/u1/gone.mp3");
        assertThat(DATABASE.rows("select state || ' ' || created_at::date from stored_object where bucket = '" + bucket
                + "' and object_key = 'users/u1/gone.mp3' union all select 'deleted ' || created_at::date from"
                + " deleted_object where bucket = '" + bucket + "' and object_key = 'users/u1/gone.mp3' order by 1"))
                .as("born active, as old as its object")
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
    void anUploadIsClaimedAndConfirmedAtOnceOnlyWhereNothingStandsInTheWay() {
        String refused = "(" + Tombstones.anyTaking("o.user_id", "o.project_id", "o.scene_id") + " or "
                + Quotas.anyFor("o.user_id") + ")";
        String user = "u-" + UUID.randomUUID();
        StoredObject claim = pending(user, "a.mp3");
        assertThat(ledger.claimUpload(claim, refused)).isTrue();
        assertThat(row(claim.id())).isEqualTo("pending " + claim.key() + " " + user + " -");
        assertThat(DATABASE.rows("select (created_at = '" + claim.createdAt() + "')::text from stored_object where id = '"
                + claim.id() + "'")).as("to the microsecond").containsExactly("true");
        assertThat(ledger.claimUpload(pending(user, "a.mp3"), refused)).as("a live record holds the key").isFalse();

        assertThat(ledger.confirmUpload(claim.id(), 3, "e1", null, Instant.now(), refused)).hasValueSatisfying(o -> {
            assertThat(o.state()).isEqualTo(ObjectState.ACTIVE);
            assertThat(o.etag()).isEqualTo("e1");
        });
        assertThat(DATABASE.rows("select state || ' ' || size_bytes || ' ' || etag || ' ' || content_type"
                + " from stored_object where id = '" + claim.id() + "'")).containsExactly("active 3 e1 audio/mpeg");
        assertThat(ledger.confirmUpload(claim.id(), 3, "e1", null, Instant.now(), refused)).as("only a pending one")
                .isEmpty();

        StoredObject beforeTheQuota = pending(user, "b.mp3");
        assertThat(ledger.claimUpload(beforeTheQuota, refused)).isTrue();
        DATABASE.execute("insert into quota (user_id, max_bytes, updated_at) values ('" + user + "', 100, now())");
        assertThat(ledger.claimUpload(pending(user, "c.mp3"), refused)).as("a quota is checked under its lock")
                .isFalse();
        UUID deletion = UUID.randomUUID();
        DATABASE.execute("insert into deletion_request (id, scope_type, user_id, reason, requested_by, state,"
                + " sweep_state, created_at) values ('" + deletion + "', 'user', '" + user + "', 'r', 'a', 'queued',"
                + " 'pending', now())");
        DATABASE.execute("insert into owner_tombstone (owner_type, owner_id, user_id, deletion_id, deleted_at) values"
                + " ('user', '" + user + "', '" + user + "', '" + deletion + "', now())");
        assertThat(ledger.confirmUpload(beforeTheQuota.id(), 3, "e2", null, Instant.now(), refused))
                .as("its owner is deleted").isEmpty();
        assertThat(row(beforeTheQuota.id())).startsWith("pending");
    }

    @Test
    void theCheckedClaimAndConfirmationAreTheSameStatementsWithoutTheGuard() {
        String user = "u-" + UUID.randomUUID();
        DATABASE.execute("insert into quota (user_id, max_bytes, updated_at) values ('" + user + "', 100, now())");
        StoredObject claim = pending(user, "a.mp3");

        assertThat(ledger.claimUpload(claim)).as("its caller weighed the quota").isSameAs(claim);
        assertThat(row(claim.id())).startsWith("pending");
        assertThatThrownBy(() -> ledger.claimUpload(pending(user, "a.mp3"))).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining(claim.key());

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        assertThat(ledger.confirmUpload(claim.id(), 3, "e1", "audio/ogg", now)).hasValueSatisfying(o -> {
            assertThat(o.state()).isEqualTo(ObjectState.ACTIVE);
            assertThat(o.contentType()).isEqualTo("audio/ogg");
            assertThat(o.updatedAt()).isEqualTo(now);
        });
        assertThat(ledger.confirmUpload(claim.id(), 4, "e2", null, now)).as("only a pending one").isEmpty();
        assertThat(ledger.dropClaim(claim.id())).as("only a pending claim is dropped").isFalse();

        StoredObject abandoned = pending(user, "b.mp3");
        ledger.claimUpload(abandoned);
        assertThat(ledger.dropClaim(abandoned.id())).isTrue();
        assertThat(DATABASE.rows("select id from stored_object where id = '" + abandoned.id() + "'")).isEmpty();
    }

    @Test
    void aReplacementHoldsTheActiveRecordUntilItsBytesArriveOrNot() {
        UUID id = row("users/u1/r.mp3", "active");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant until = now.plusSeconds(600);

        assertThat(ledger.beginReplacement(id, 5, until, now)).isTrue();
        assertThat(DATABASE.rows("select size_bytes || ' ' || (replacing_until = '" + until + "') from stored_object"
                + " where id = '" + id + "'")).as("the larger size, held").containsExactly("5 true");
        assertThat(ledger.beginReplacement(id, 2, until, now)).as("held by another replacement").isFalse();
        assertThat(ledger.beginReplacement(id, 2, until, until)).as("a hold that ran out").isTrue();

        assertThat(ledger.endReplacement(id, 1L, now)).hasValueSatisfying(o -> {
            assertThat(o.sizeBytes()).isEqualTo(1);
            assertThat(o.isBeingReplaced(now)).isFalse();
        });
        ledger.beginReplacement(id, 5, until, now);
        assertThat(ledger.replaceContent(id, 4, "e4", "audio/ogg", RetentionClass.FINAL, "j1", null, now))
                .hasValueSatisfying(o -> {
                    assertThat(o.sizeBytes()).isEqualTo(4);
                    assertThat(o.etag()).isEqualTo("e4");
                    assertThat(o.retentionClass()).isEqualTo(RetentionClass.FINAL);
                    assertThat(o.jobId()).isEqualTo("j1");
                    assertThat(o.metadataJson()).isEqualTo("{}");
                    assertThat(o.isBeingReplaced(now)).isFalse();
                });

        UUID taken = row("users/u1/t.mp3", "deleting");
        assertThat(ledger.beginReplacement(taken, 5, until, now)).as("only an active record").isFalse();
        assertThat(ledger.replaceContent(taken, 4, "e4", null, RetentionClass.STANDARD, null, null, now)).isEmpty();
        assertThat(ledger.endReplacement(taken, 9L, now)).as("its size stays").hasValueSatisfying(o ->
                assertThat(o.sizeBytes()).isEqualTo(1));
        assertThat(ledger.endReplacement(UUID.randomUUID(), 9L, now)).as("gone").isEmpty();
    }

    @Test
    void aRecordReadInPlainSqlIsTheOneClaimed() {
        StoredObjectRepository repository = LedgerDatabase.inject(new StoredObjectRepository(), "sql", DATABASE.sql());
        StoredObject claim = StoredObject.pending(bucket, "users/u1/audio/m.mp3", new KeyParts("u1", "p1", "s1", "audio",
                "m.mp3"), "audio/mpeg", 9L, RetentionClass.FINAL, "job-1", "{\"a\": 1}",
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        ledger.claimUpload(claim, "false");

        StoredObject read = repository.findById(claim.id()).orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(claim);
        assertThat(repository.findById(UUID.randomUUID())).isEmpty();
    }

    private StoredObject pending(String user, String filename) {
        return StoredObject.pending(bucket, "users/" + user + "/audio/" + filename,
                new KeyParts(user, null, null, "audio", filename), "audio/mpeg", 3L, RetentionClass.STANDARD, null,
                null, Instant.now().truncatedTo(ChronoUnit.MICROS));
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
}
