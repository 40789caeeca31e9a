package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DeletionDigest;
import dev.custodian.deletion.entity.DeletionKey;
import dev.custodian.deletion.entity.KeyError;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.custodian.persistence.TextEnums.quoted;

/** What a deletion's rows say, as its page, progress, receipt and sweeps read it; nothing here writes. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DeletionReads {

    @Inject
    LedgerSql sql;

    /**
     * Counts a deletion's rows by outcome. While it is expanding, the total is at least the live
     * rows its request counted, so it does not grow chunk by chunk under a client's progress bar.
     */
    public DeletionCounts counts(UUID deletionId) {
        // deleted keys (purged or not) count through their tally, live ones (in flight, failed,
        // held) through their rows
        return sql.query("with r as (select coalesce(max(expected_keys) filter (where not expanded), 0) expected"
                + " from deletion_request where id = ?), d as (select coalesce(sum(keys), 0) keys,"
                + " coalesce(sum(bytes), 0) bytes from deletion_tally where deletion_id = ?)"
                + " select greatest(count(o.id) + d.keys,"
                + " r.expected), d.keys, count(o.id) filter (where o.state = " + quoted(ObjectState.DELETE_FAILED) + "),"
                + " count(o.id) filter (where o.state = " + quoted(ObjectState.HELD) + "), d.bytes"
                + " from r cross join d left join stored_object o on o.deletion_id = ?"
                + " group by r.expected, d.keys, d.bytes", s -> {
            s.setObject(1, deletionId);
            s.setObject(2, deletionId);
            s.setObject(3, deletionId);
        }, rows -> {
            rows.next();
            return new DeletionCounts(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                    rows.getLong(5));
        });
    }

    /**
     * The deletion's keys after {@code afterKey} (null: from the first) in the byte order of their
     * keys (the receipt's), with their outcomes and the versions erased of each; only those with
     * {@code outcome} when it is given. Deleted keys are read from their proof, the others from
     * their live rows.
     */
    public List<DeletionKey> keys(UUID deletionId, DeletionKey.Outcome outcome, String afterKey, int limit) {
        List<String> live = (outcome == null ? Arrays.stream(DeletionKey.Outcome.values()) : Stream.of(outcome))
                .filter(o -> o != DeletionKey.Outcome.DELETED).map(o -> "'" + o.state().wireName() + "'").toList();
        boolean deleted = outcome == null || outcome == DeletionKey.Outcome.DELETED;
        String versions = "array(select version_id from erased_version v where v.object_id = k.id"
                + " order by version_id collate \"C\")";
        List<String> parts = new ArrayList<>();
        if (deleted) {
            parts.add("(select id, object_key, " + quoted(ObjectState.DELETED) + " state, deleted_at at, last_error_code,"
                    + " last_error from deleted_object where deletion_id = ? and object_key collate \"C\" > ?"
                    + " order by object_key collate \"C\" limit ?)");
        }
        if (!live.isEmpty()) {
            parts.add("(select id, object_key, state, updated_at at, last_error_code, last_error from stored_object"
                    + " where deletion_id = ? and object_key collate \"C\" > ? and state in (" + String.join(", ", live)
                    + ") order by object_key collate \"C\" limit ?)");
        }
        return sql.query("select object_key, state, at, last_error_code, last_error, " + versions + " from ("
                + String.join(" union all ", parts) + ") k order by object_key collate \"C\" limit ?", statement -> {
                    int i = 1;
                    for (int part = 0; part < parts.size(); part++) {
                        statement.setObject(i++, deletionId);
                        statement.setString(i++, afterKey == null ? "" : afterKey);
                        statement.setInt(i++, limit);
                    }
                    statement.setInt(i, limit);
                }, rows -> {
                    List<DeletionKey> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(new DeletionKey(rows.getString(1),
                                DeletionKey.Outcome.ofState(rows.getString(2)).wireName(),
                                rows.getTimestamp(3).toInstant(), rows.getString(4), rows.getString(5),
                                List.of((String[]) rows.getArray(6).getArray())));
                    }
                    return keys;
                });
    }

    /** The last errors of the deletion's keys that failed at least once, by key. */
    public List<KeyError> errors(UUID deletionId, int limit) {
        return sql.query("select object_key, last_error_code, last_error from stored_object where deletion_id = ?"
                + " and last_error is not null order by object_key limit ?", statement -> {
            statement.setObject(1, deletionId);
            statement.setInt(2, limit);
        }, rows -> {
            List<KeyError> errors = new ArrayList<>();
            while (rows.next()) {
                errors.add(new KeyError(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
            return errors;
        });
    }


    /**
     * The deletions that finished in {@code [from, to)}, counted as {@link #counts} counts one (a
     * records-only deletion reclaims no bytes), summed.
     */
    public DeletionDigest finishedBetween(Instant from, Instant to) {
        Map<String, Long> byState = new LinkedHashMap<>();
        long[] sums = new long[4];
        sql.query("select d.state, count(*), sum(o.deleted),"
                + " sum(case when d.records_only then 0 else o.bytes end), sum(o.failed), sum(o.held)"
                + " from deletion_request d cross join lateral (select (select coalesce(sum(keys), 0) from deletion_tally"
                + " where deletion_id = d.id) deleted, (select coalesce(sum(bytes), 0) from deletion_tally"
                + " where deletion_id = d.id) bytes,"
                + " count(*) filter (where state = " + quoted(ObjectState.DELETE_FAILED) + ") failed, count(*) filter (where state = " + quoted(ObjectState.HELD) + ") held"
                + " from stored_object where deletion_id = d.id) o"
                + " where d.finished_at >= ? and d.finished_at < ? group by d.state order by d.state", s -> {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
        }, rows -> {
            while (rows.next()) {
                byState.put(rows.getString(1), rows.getLong(2));
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += rows.getLong(3 + i);
                }
            }
            return null;
        });
        return new DeletionDigest(from, to, byState, sums[0], sums[1], sums[2], sums[3]);
    }
}
