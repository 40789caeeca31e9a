package dev.custodian.ledger.control;

import dev.custodian.ledger.entity.DuplicateGroup;
import dev.custodian.ledger.entity.KeepRule;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Array;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The duplicates report: active objects grouped by size and etag, the groups that would reclaim
 * most first. Report only; nothing is changed. An etag is the content's MD5 for single-part
 * uploads; multipart etags match only for the same bytes uploaded in the same parts. Copies are
 * shown in the {@link KeepRule}'s order: the first is the one a removal keeps.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Duplicates {

    /** How many copies of a group the report names. */
    static final int COPIES_SHOWN = 20;
    private static final String SCOPE = "bucket = ? AND state = " + quoted(ObjectState.ACTIVE) + " AND etag IS NOT NULL AND size_bytes IS NOT NULL"
            + " AND (?::text IS NULL OR user_id = ?) AND (?::text IS NULL OR project_id = ?)";

    @Inject
    LedgerSql sql;

    /** The report's totals over every group, and its largest groups. */
    public record Report(long groups, long reclaimableBytes, List<DuplicateGroup> largest) {
    }

    public Report report(String bucket, String userId, String projectId, int limit) {
        LedgerSql.Binder scope = s -> {
            s.setString(1, bucket);
            s.setString(2, userId);
            s.setString(3, userId);
            s.setString(4, projectId);
            s.setString(5, projectId);
        };
        long[] totals = sql.query("SELECT count(*), coalesce(sum((n - 1) * size_bytes), 0) FROM (SELECT size_bytes,"
                + " count(*) AS n FROM stored_object WHERE " + SCOPE + " GROUP BY size_bytes, etag HAVING count(*) > 1) g",
                scope, rows -> {
                    rows.next();
                    return new long[] {rows.getLong(1), rows.getLong(2)};
                });
        List<DuplicateGroup> largest = sql.query("SELECT size_bytes, etag, count(*),"
                + " (array_agg(id ORDER BY " + KeepRule.OLDEST_FIRST_SQL + "))[1:" + COPIES_SHOWN + "],"
                + " (array_agg(object_key ORDER BY " + KeepRule.OLDEST_FIRST_SQL + "))[1:" + COPIES_SHOWN + "],"
                + " (array_agg(created_at ORDER BY " + KeepRule.OLDEST_FIRST_SQL + "))[1:" + COPIES_SHOWN + "]"
                + " FROM stored_object WHERE " + SCOPE + " GROUP BY size_bytes, etag HAVING count(*) > 1"
                + " ORDER BY (count(*) - 1) * size_bytes DESC, etag LIMIT ?", s -> {
                    scope.bind(s);
                    s.setInt(6, limit);
                }, rows -> {
                    List<DuplicateGroup> groups = new ArrayList<>();
                    while (rows.next()) {
                        long size = rows.getLong(1);
                        long count = rows.getLong(3);
                        UUID[] ids = (UUID[]) array(rows.getArray(4));
                        String[] keys = (String[]) array(rows.getArray(5));
                        Timestamp[] created = (Timestamp[]) array(rows.getArray(6));
                        List<DuplicateGroup.Copy> copies = new ArrayList<>();
                        for (int i = 0; i < ids.length; i++) {
                            copies.add(new DuplicateGroup.Copy(ids[i], keys[i], created[i].toInstant()));
                        }
                        groups.add(new DuplicateGroup(size, rows.getString(2), count, (count - 1) * size, copies));
                    }
                    return groups;
                });
        return new Report(totals[0], totals[1], largest);
    }

    private static Object array(Array array) throws java.sql.SQLException {
        return array.getArray();
    }
}
