package dev.custodian.ledger.control;

import dev.custodian.ledger.entity.FailedRow;
import dev.custodian.ledger.entity.HeldRow;
import dev.custodian.ledger.entity.LeasedRow;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.ObjectTransition;
import dev.custodian.ledger.entity.UnclaimedRow;
import dev.custodian.persistence.Clause;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.custodian.ledger.entity.ObjectTransition.CONFIRM_DELETED;
import static dev.custodian.ledger.entity.ObjectTransition.CONFIRM_DELETED_UNCLAIMED;
import static dev.custodian.ledger.entity.ObjectTransition.GIVE_UP;
import static dev.custodian.ledger.entity.ObjectTransition.HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_HOLD;
import static dev.custodian.ledger.entity.ObjectTransition.RELEASE_PARKED;
import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The ledger's rows as the drain works them: leased ({@code FOR UPDATE SKIP LOCKED}), the store's
 * answer recorded (deleted, held, retried or given up), released when the store answers again or
 * a hold may have ended, a duplicate kept back, and old proof purged. A confirmed row leaves
 * {@code stored_object}: its proof is a row of {@code deleted_object} ({@link #moveToProof}). Set-based: a round touches
 * up to a thousand rows in a few statements, and a statement locates the rows a CTE has locked by
 * ctid, which spares a primary-key lookup per row. Every method joins the caller's transaction.
 * With {@link ObjectLedger} and {@link DeletionRows}, the only writer of {@code stored_object}
 * and {@code deleted_object}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DrainRows {

    @Inject
    LedgerSql sql;

    /** What a {@link LeasedRow} is read from, {@code o} being the row ({@link #leasedRow}). */
    static final String LEASED_ROW_COLUMNS = "o.id, o.object_key, o.deletion_id, o.attempts, o.failing_since,"
            + " coalesce(o.size_bytes, 0) size_bytes, o.bypass_governance";

    /** The {@link LeasedRow} of {@link #LEASED_ROW_COLUMNS}, read from the result's column {@code first} on. */
    static LeasedRow leasedRow(ResultSet rows, int first) throws SQLException {
        Timestamp failingSince = rows.getTimestamp(first + 4);
        return new LeasedRow(rows.getObject(first, UUID.class), rows.getString(first + 1),
                rows.getObject(first + 2, UUID.class), rows.getInt(first + 3),
                failingSince == null ? null : failingSince.toInstant(), rows.getLong(first + 5), rows.getBoolean(first + 6));
    }

    /**
     * Leases up to {@code limit} due rows until {@code now + lease}, {@code FOR UPDATE SKIP LOCKED}
     * so concurrent drains never take the same row. A row whose lease ran out (its drain died) is
     * due again; one that left {@code deleting}, or whose replace upload still stores its bytes,
     * is not taken.
     */
    public List<LeasedRow> claimDue(String bucket, int limit, Duration lease, Instant now) {
        return sql.query("with due as (select ctid from stored_object where state = " + quoted(ObjectState.DELETING)
                + " and bucket = ? and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)"
                + " and (replacing_until is null or replacing_until <= ?)"
                + " order by next_attempt_at limit ? for update skip locked)"
                + " update stored_object o set lease_until = ? from due where o.ctid = due.ctid"
                + " returning " + LEASED_ROW_COLUMNS, s -> {
                    s.setString(1, bucket);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setInt(5, limit);
                    s.setTimestamp(6, Timestamp.from(now.plus(lease)));
                }, rows -> {
                    List<LeasedRow> leased = new ArrayList<>();
                    while (rows.next()) {
                        leased.add(leasedRow(rows, 1));
                    }
                    return leased;
                });
    }

    /**
     * A duplicate removal's copy whose kept copy is no longer active is the content's last: it goes
     * back to {@code active} ({@link ObjectTransition#RELEASE_PARKED}) and its removal record is
     * dropped, in one statement. {@code removals} picks the open duplicate removals among the
     * deletions {@code r}. A leased copy is already on its way. Returns the keys kept back, by deletion.
     */
    public Map<UUID, List<String>> keepBackDuplicates(String bucket, Clause removals, Instant now) {
        return sql.query("with kept_back as (select o.ctid, o.deletion_id from stored_object o"
                + " join duplicate_removal d on d.removed_id = o.id and d.deletion_id = o.deletion_id"
                + " join deletion_request r on r.id = d.deletion_id and " + removals.sql()
                + " where o.bucket = ? and " + RELEASE_PARKED.fromStateOf("o") + " and (o.lease_until is null or o.lease_until <= ?)"
                + " and not exists (select 1 from stored_object k where k.id = d.kept_id and k.state = "
                + quoted(ObjectState.ACTIVE) + ") for update of o skip locked),"
                + " released as (update stored_object o set " + RELEASE_PARKED.set() + " from kept_back"
                + " where o.ctid = kept_back.ctid returning o.id, o.object_key, kept_back.deletion_id),"
                + " forgotten as (delete from duplicate_removal d using released where d.removed_id = released.id)"
                + " select deletion_id, object_key from released", s -> {
                    int next = removals.bind(s, 1);
                    s.setString(next, bucket);
                    s.setTimestamp(next + 1, Timestamp.from(now));
                    s.setTimestamp(next + 2, Timestamp.from(now));
                }, rows -> {
                    Map<UUID, List<String>> found = new LinkedHashMap<>();
                    while (rows.next()) {
                        found.computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>()).add(rows.getString(2));
                    }
                    return found;
                });
    }

    /**
     * The statement of a moving event ({@link ObjectTransition#movesToProof}): {@code deleted}, a
     * DELETE of the live rows {@code rows} picks (its FROM and WHERE, after {@code delete from
     * stored_object o}), names the rows it took {@code gone}; they are inserted into {@code
     * deleted_object}, with {@code returning} if not empty. A DELETE writes no index entry, and
     * the proof table has two indexes, where an UPDATE to {@code deleted} wrote five (issue 24).
     * Parameters: those of {@code rows}, then the event's.
     */
    static String moveToProof(ObjectTransition event, String with, String rows, String returning) {
        return "with " + with + "gone as (delete from stored_object o " + rows + " returning o.*)"
                + " insert into deleted_object (" + ObjectTransition.PROOF_COLUMNS + ") select " + event.proofValues()
                + " from gone" + (returning.isEmpty() ? "" : " returning " + returning);
    }

    /** The store confirmed these rows' keys gone ({@link ObjectTransition#CONFIRM_DELETED}). */
    public void confirmDeleted(List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        // found by primary key and checked where they are locked: given "state = 'deleting'"
        // beside the ids, the planner took the partial index of deleting rows, which statistics
        // from before a large deletion call nearly empty, and walked all of it for every batch
        // (108 ms a batch at 100,000 keys, growing with the deletion; ~30 ms this way)
        sql.update(moveToProof(CONFIRM_DELETED, "target as (select ctid, state from stored_object where id = any(?)"
                + " for update), ", "using target where o.ctid = target.ctid and "
                + CONFIRM_DELETED.fromStateOf("target"), ""), s -> {
                    s.setArray(1, s.getConnection().createArrayOf("uuid", ids.toArray()));
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                });
    }

    /**
     * The store confirmed these unclaimed rows' keys gone ({@link ObjectTransition#CONFIRM_DELETED_UNCLAIMED}):
     * each becomes the deletion's proof if it is still the version its chunk read. Returns the ids
     * confirmed; a row that changed meanwhile is not, and the caller takes it over.
     */
    public Set<UUID> confirmDeletedUnclaimed(UUID deletionId, List<UnclaimedRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        // a row updated since the chunk read it has another xmin: the join drops it, also where the
        // delete waited for that update and checks the row's new version. No lock before the delete
        // (a CTE ... FOR UPDATE): it wrote each row twice, a WAL record and a page change more a key.
        return sql.query(moveToProof(CONFIRM_DELETED_UNCLAIMED, "", "using unnest(?::uuid[], ?::text[]) as t(id, version)"
                + " where o.id = t.id and o.xmin = t.version::xid and o." + CONFIRM_DELETED_UNCLAIMED.from(), "id"), s -> {
                    s.setArray(1, s.getConnection().createArrayOf("uuid", rows.stream().map(UnclaimedRow::id).toArray()));
                    s.setArray(2, s.getConnection().createArrayOf("text", rows.stream().map(UnclaimedRow::version).toArray()));
                    s.setObject(3, deletionId);
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setTimestamp(5, Timestamp.from(now));
                }, LedgerSql::uuidSet);
    }

    /** Object Lock keeps a version of these rows' keys ({@link ObjectTransition#HOLD}). */
    public void hold(List<HeldRow> held, Instant now) {
        sql.batch("update stored_object set " + HOLD.set() + " where id = ? and " + HOLD.from(), held, (s, row) -> {
            s.setTimestamp(1, Timestamp.from(row.until()));
            s.setString(2, row.code());
            s.setString(3, row.message());
            s.setTimestamp(4, Timestamp.from(now));
            s.setObject(5, row.id());
        });
    }

    /**
     * The store did not delete these rows' keys: each waits for its next attempt with its error,
     * or ends {@code delete_failed} ({@link ObjectTransition#GIVE_UP}) as its {@link FailedRow} says.
     */
    public void retryOrGiveUp(List<FailedRow> failed, Instant now) {
        sql.batch("update stored_object set attempts = attempts + ?, failing_since = coalesce(failing_since, ?),"
                + " last_error = ?, last_error_code = ?, lease_until = null, updated_at = ?, " + GIVE_UP.setIf("?")
                + ", next_attempt_at = ?, waiting_for_store = ? where id = ? and " + GIVE_UP.from(), failed, (s, row) -> {
                    s.setInt(1, row.countsAsAttempt() ? 1 : 0);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setString(3, row.message());
                    s.setString(4, row.code());
                    s.setTimestamp(5, Timestamp.from(now));
                    s.setBoolean(6, row.givesUp());
                    s.setTimestamp(7, row.givesUp() ? null : Timestamp.from(row.nextAttemptAt()));
                    s.setBoolean(8, row.waitingForStore());
                    s.setObject(9, row.id());
                });
    }

    /** The store answers again: every row that waited for it is due now; returns how many. */
    public int releaseWaitingForStore(String bucket, Instant now) {
        return sql.update("update stored_object set next_attempt_at = least(next_attempt_at, ?),"
                + " waiting_for_store = false where bucket = ? and waiting_for_store and state = " + quoted(ObjectState.DELETING),
                s -> {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.setString(2, bucket);
                });
    }

    /**
     * Up to {@code limit} held rows whose hold may have ended are due now ({@link
     * ObjectTransition#RELEASE_HOLD}); returns their deletions' ids, one per row.
     */
    public List<UUID> releaseDueHolds(String bucket, int limit, Instant now) {
        return sql.query("with due as (select ctid from stored_object where state = " + quoted(ObjectState.HELD)
                + " and bucket = ? and next_attempt_at <= ? order by next_attempt_at limit ? for update skip locked)"
                + " update stored_object o set " + RELEASE_HOLD.set() + " from due where o.ctid = due.ctid"
                + " returning o.deletion_id", s -> {
                    s.setString(1, bucket);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setInt(3, limit);
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setBoolean(5, false);
                    s.setTimestamp(6, Timestamp.from(now));
                }, rows -> {
                    List<UUID> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                    return ids;
                });
    }

    /**
     * Purges up to {@code limit} proof rows deleted before {@code before}, with their erased
     * versions, adding what they counted to their deletions' purged figures ({@code
     * deletion_request.purged_keys/purged_bytes}) in the same statement, so a deletion's figures
     * never miss a purged row; returns how many went.
     */
    public int purgeDeleted(Instant before, int limit) {
        return sql.query("with gone as (delete from deleted_object where ctid in (select ctid from deleted_object"
                + " where deleted_at < ? limit ?) returning id, deletion_id, size_bytes),"
                + " versions as (delete from erased_version v using gone where v.object_id = gone.id),"
                + " counted as (update deletion_request r set purged_keys = r.purged_keys + g.keys,"
                + " purged_bytes = r.purged_bytes + g.bytes from (select deletion_id, count(*) keys,"
                + " coalesce(sum(size_bytes), 0) bytes from gone group by deletion_id) g where r.id = g.deletion_id)"
                + " select count(*) from gone", s -> {
                    s.setTimestamp(1, Timestamp.from(before));
                    s.setInt(2, limit);
                }, rows -> {
                    rows.next();
                    return rows.getInt(1);
                });
    }
}
