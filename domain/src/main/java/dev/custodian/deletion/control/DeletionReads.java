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
import java.util.stream.Collectors;
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
        // purged rows (deleted long ago) count through the request's purged_* figures
        return sql.query("with r as (select coalesce(max(expected_keys) filter (where not expanded), 0) expected,"
                + " coalesce(max(purged_keys), 0) keys, coalesce(max(purged_bytes), 0) bytes from deletion_request"
                + " where id = ?) select greatest(count(o.id) + r.keys, r.expected),"
                + " count(o.id) filter (where o.state = " + quoted(ObjectState.DELETED) + ") + r.keys,"
                + " count(o.id) filter (where o.state = " + quoted(ObjectState.DELETE_FAILED) + "),"
                + " count(o.id) filter (where o.state = " + quoted(ObjectState.HELD) + "),"
                + " coalesce(sum(o.size_bytes) filter (where o.state = " + quoted(ObjectState.DELETED) + "), 0) + r.bytes"
                + " from r left join stored_object o on o.deletion_id = ? group by r.keys, r.expected, r.bytes", s -> {
            s.setObject(1, deletionId);
            s.setObject(2, deletionId);
        }, rows -> {
            rows.next();
            return new DeletionCounts(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                    rows.getLong(5));
        });
    }

    /**
     * The deletion's keys after {@code afterKey} (null: from the first) in key order, with their
     * outcomes and the versions erased of each; only those with {@code outcome} when it is given.
     */
    public List<DeletionKey> keys(UUID deletionId, DeletionKey.Outcome outcome, String afterKey, int limit) {
        String states = (outcome == null ? Arrays.stream(DeletionKey.Outcome.values()) : Stream.of(outcome))
                .map(o -> "'" + o.state().wireName() + "'").collect(Collectors.joining(", "));
        return sql.query("select object_key, state, coalesce(deleted_at, updated_at), last_error_code, last_error,"
                + " array(select version_id from erased_version v where v.object_id = o.id"
                + " order by version_id collate \"C\") from stored_object o where deletion_id = ? and object_key > ?"
                + " and state in (" + states + ") order by object_key limit ?", statement -> {
                    statement.setObject(1, deletionId);
                    statement.setString(2, afterKey == null ? "" : afterKey);
                    statement.setInt(3, limit);
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
        sql.query("select d.state, count(*), sum(d.purged_keys + o.deleted),"
                + " sum(case when d.records_only then 0 else d.purged_bytes + o.bytes end), sum(o.failed), sum(o.held)"
                + " from deletion_request d cross join lateral (select count(*) filter (where state = " + quoted(ObjectState.DELETED) + ") deleted,"
                + " coalesce(sum(size_bytes) filter (where state = " + quoted(ObjectState.DELETED) + "), 0) bytes,"
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
