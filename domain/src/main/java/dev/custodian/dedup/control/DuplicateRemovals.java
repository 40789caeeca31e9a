package dev.custodian.dedup.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.dedup.entity.DuplicateRemovalException;
import dev.custodian.dedup.entity.RemovalPlan;
import dev.custodian.dedup.entity.RemovalRequest;
import dev.custodian.dedup.entity.RemovedCopy;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.ledger.entity.DuplicateGroup;
import dev.custodian.ledger.entity.KeepRule;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * Removes one owner's duplicate copies, keeping the oldest of each group ({@link KeepRule}). A
 * dry run judges the groups and issues a token; the real run, with that token, judges them again
 * with the copies locked, so a group that changed since (a copy deleted, replaced or added) is
 * judged as it is now and its kept copy is active when the deletion is queued. Only copies of the
 * named user are ever looked at: identical content of another owner is never touched.
 */
@ApplicationScoped
@Transactional
public class DuplicateRemovals {

    /** How long a dry run's token confirms a real run. */
    static final Duration TOKEN_TTL = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    LedgerSql sql;

    @Inject
    DeletionLedger deletions;

    @Inject
    AuditLog audit;

    public RemovalPlan dryRun(RemovalRequest request, String bucket) {
        List<KeepRule.Verdict> verdicts = judge(request, bucket, false);
        refuseBeyond(verdicts, request.maxDelete());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        sql.update("DELETE FROM duplicate_dry_run WHERE created_at < ?",
                s -> s.setTimestamp(1, Timestamp.from(now.minus(TOKEN_TTL))));
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        sql.update("INSERT INTO duplicate_dry_run (token, user_id, groups, created_at) VALUES (?, ?, ?, ?)", s -> {
            s.setString(1, token);
            s.setString(2, request.userId());
            s.setString(3, request.parameters());
            s.setTimestamp(4, Timestamp.from(now));
        });
        return new RemovalPlan(request.userId(), true, token, null, verdicts);
    }

    /**
     * One transaction: the token is spent, the groups judged with their copies locked, and the
     * copies that go are queued as one deletion, each remembered with the copy kept and audited
     * naming it. Refused (409, nothing changed) without a matching unused token or past {@code maxDelete}.
     */
    public RemovalPlan execute(RemovalRequest request, String bucket, String actor) {
        spend(request);
        List<KeepRule.Verdict> verdicts = judge(request, bucket, true);
        refuseBeyond(verdicts, request.maxDelete());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        DeletionRequest deletion = DeletionRequest.queued(new DeletionScope(ScopeType.DUPLICATES, request.userId(),
                null, null, null, null), "duplicate removal: the oldest copy of each group is kept", actor, false, now);
        em.persist(deletion);
        em.flush();
        sql.update("UPDATE duplicate_dry_run SET used_by = ? WHERE token = ?", s -> {
            s.setObject(1, deletion.id());
            s.setString(2, request.confirmationToken());
        });
        for (KeepRule.Verdict verdict : verdicts) {
            List<UUID> removed = verdict.removed().stream().map(DuplicateGroup.Copy::id).toList();
            deletions.markRows(deletion.id(), removed, removed.size(), now);
            sql.update("INSERT INTO duplicate_removal (removed_id, bucket, removed_key, kept_id, deletion_id, removed_at)"
                    + " SELECT r.id, ?, r.object_key, ?, ?, ? FROM unnest(?::uuid[], ?::text[]) AS r(id, object_key)",
                    s -> {
                        s.setString(1, bucket);
                        s.setObject(2, verdict.kept().id());
                        s.setObject(3, deletion.id());
                        s.setTimestamp(4, Timestamp.from(now));
                        s.setArray(5, s.getConnection().createArrayOf("uuid", removed.toArray()));
                        s.setArray(6, s.getConnection().createArrayOf("text",
                                verdict.removed().stream().map(DuplicateGroup.Copy::key).toArray()));
                    });
            audit.recordKeys(actor, "remove_duplicate", deletion.id(), null,
                    verdict.removed().stream().map(DuplicateGroup.Copy::key).toList(), "queued",
                    "duplicate of kept key " + verdict.kept().key() + " (object " + verdict.kept().id() + ")");
        }
        RemovalPlan plan = new RemovalPlan(request.userId(), false, null, deletion.id(), verdicts);
        audit.record(actor, "remove_duplicates", deletion.id(), null, null, "queued", plan.deleteCount()
                + " copies of user " + request.userId() + " queued in " + verdicts.size() + " groups, "
                + plan.reclaimableBytes() + " bytes; the oldest copy of each group kept");
        return plan;
    }

    /** The record kept instead of a key a duplicate removal deleted, if one did. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<RemovedCopy> keptFor(String bucket, String key) {
        return sql.query("SELECT kept_id, deletion_id FROM duplicate_removal WHERE bucket = ? AND removed_key = ?"
                + " ORDER BY removed_at DESC LIMIT 1", s -> {
            s.setString(1, bucket);
            s.setString(2, key);
        }, rows -> rows.next() ? Optional.of(new RemovedCopy(key, rows.getObject(1, UUID.class),
                rows.getObject(2, UUID.class))) : Optional.empty());
    }

    /** The token must be an unused, fresh dry run's for the same owner and groups; it is locked until commit. */
    private void spend(RemovalRequest request) {
        String token = request.confirmationToken();
        if (token == null || token.isBlank()) {
            throw new DuplicateRemovalException("confirmation-required", "dry_run=false needs the confirmation_token"
                    + " of a dry run with the same user_id and groups; start a dry run first");
        }
        record DryRun(String parameters, Instant createdAt, UUID usedBy) {
        }
        DryRun dry = sql.query("SELECT groups, created_at, used_by FROM duplicate_dry_run WHERE token = ? FOR UPDATE",
                s -> s.setString(1, token), rows -> rows.next() ? new DryRun(rows.getString(1),
                        rows.getTimestamp(2).toInstant(), rows.getObject(3, UUID.class)) : null);
        if (dry == null) {
            throw new DuplicateRemovalException("confirmation-token", "confirmation_token is not one this service"
                    + " issued, or its dry run is more than " + TOKEN_TTL + " old");
        }
        if (dry.usedBy() != null) {
            throw new DuplicateRemovalException("confirmation-token", "confirmation_token is stale: deletion "
                    + dry.usedBy() + " already used it");
        }
        if (dry.createdAt().isBefore(Instant.now().minus(TOKEN_TTL))) {
            throw new DuplicateRemovalException("confirmation-token", "confirmation_token is stale: its dry run ran at "
                    + dry.createdAt() + ", more than " + TOKEN_TTL + " ago; run a new dry run");
        }
        if (!dry.parameters().equals(request.parameters())) {
            throw new DuplicateRemovalException("confirmation-token", "the dry run of this confirmation_token had"
                    + " another user_id or other groups; run a dry run with these");
        }
    }

    private static void refuseBeyond(List<KeepRule.Verdict> verdicts, long maxDelete) {
        long count = verdicts.stream().mapToLong(v -> v.removed().size()).sum();
        if (count > maxDelete) {
            throw new DuplicateRemovalException("max-delete-exceeded", "the removal would delete " + count
                    + " copies, more than max_delete " + maxDelete + "; nothing was changed");
        }
    }

    /**
     * The owner's active copies in groups of identical content (the named groups only, when any
     * are named), judged by the keep rule. {@code lock}: the copies are locked, and a copy that
     * left {@code active} while the lock waited is not among them (the state is checked again on
     * the locked row), so the kept copy is live when the deletion is queued.
     */
    private List<KeepRule.Verdict> judge(RemovalRequest request, String bucket, boolean lock) {
        String active = "bucket = ? AND user_id = ? AND state = " + quoted(ObjectState.ACTIVE)
                + " AND size_bytes IS NOT NULL AND etag IS NOT NULL"
                + " AND (cardinality(?::bigint[]) = 0 OR (size_bytes, etag) IN (SELECT * FROM unnest(?::bigint[], ?::text[])))";
        List<KeepRule.Candidate> candidates = sql.query("SELECT id, object_key, created_at, size_bytes, etag"
                + " FROM stored_object WHERE " + active + " AND (size_bytes, etag) IN (SELECT size_bytes, etag"
                + " FROM stored_object WHERE " + active + " GROUP BY size_bytes, etag HAVING count(*) > 1)"
                + " ORDER BY id" + (lock ? " FOR UPDATE" : ""), s -> {
                    Object[] sizes = request.groups().stream().map(g -> (Object) g.sizeBytes()).toArray();
                    Object[] etags = request.groups().stream().map(RemovalRequest.ContentKey::etag).toArray();
                    for (int first : new int[] {1, 6}) {
                        s.setString(first, bucket);
                        s.setString(first + 1, request.userId());
                        s.setArray(first + 2, s.getConnection().createArrayOf("bigint", sizes));
                        s.setArray(first + 3, s.getConnection().createArrayOf("bigint", sizes));
                        s.setArray(first + 4, s.getConnection().createArrayOf("text", etags));
                    }
                }, rows -> {
                    List<KeepRule.Candidate> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new KeepRule.Candidate(rows.getLong(4), rows.getString(5), new DuplicateGroup.Copy(
                                rows.getObject(1, UUID.class), rows.getString(2), rows.getTimestamp(3).toInstant())));
                    }
                    return found;
                });
        return KeepRule.judge(candidates);
    }
}
