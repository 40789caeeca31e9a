package dev.custodian.usage.control;

import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.usage.entity.DailyUsage;
import dev.custodian.usage.entity.UsageFilter;
import dev.custodian.usage.entity.UsageGroup;
import dev.custodian.usage.entity.UsageRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.custodian.persistence.TextEnums.quoted;

/** Reads usage from the ledger; nothing here writes. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UsageReport {

    /** Deleted rows are purged after the ledger's retention, so history reaches no further back. */
    public static final int MAX_HISTORY_DAYS = 90;

    @Inject
    LedgerSql sql;

    /**
     * Active objects per group, in group order, the groups after {@code after} (a row's
     * {@link UsageRow#position}; null for the first page), at most {@code limit}. Grouped by project,
     * a group is a user's project: the same project id under two users is two groups. Records
     * without a value form one null group that comes last, so a page holding it is always the last
     * one.
     */
    public List<UsageRow> groups(UsageGroup group, UsageFilter filter, String after, int limit) {
        String column = group.column();
        StringBuilder where = new StringBuilder("state = " + quoted(ObjectState.ACTIVE));
        List<String> values = new ArrayList<>();
        if (filter.userId() != null) {
            where.append(" AND user_id = ?");
            values.add(filter.userId());
        }
        if (filter.projectId() != null) {
            where.append(" AND project_id = ?");
            values.add(filter.projectId());
        }
        boolean perUser = group == UsageGroup.PROJECT;
        // records naming no user sort first within their project, as ''
        String owner = perUser ? "coalesce(user_id, '')" : "''";
        String position = after == null ? "" : after;
        int slash = perUser ? position.indexOf('/') : -1;
        // "> ''" rather than nothing on the first page: the same plan for every page, and no nulls
        String afterPosition = perUser ? "(" + column + ", " + owner + ") > (?, ?)" : column + " > ?";
        String order = perUser ? "1, " + owner : "1";
        List<UsageRow> rows = sql.query("SELECT " + column + ", nullif(" + owner + ", ''), count(*),"
                + " coalesce(sum(size_bytes), 0) FROM stored_object WHERE " + where + " AND " + afterPosition
                + " GROUP BY " + order + " ORDER BY " + order + " LIMIT ?", s -> {
            int i = bind(s, values);
            s.setString(i++, slash < 0 ? position : position.substring(0, slash));
            if (perUser) {
                s.setString(i++, slash < 0 ? "" : position.substring(slash + 1));
            }
            s.setInt(i, limit);
        }, UsageReport::rows);
        if (rows.size() < limit) {
            List<UsageRow> unset = sql.query("SELECT NULL, NULL, count(*), coalesce(sum(size_bytes), 0)"
                    + " FROM stored_object WHERE " + where + " AND " + column + " IS NULL HAVING count(*) > 0",
                    s -> bind(s, values), UsageReport::rows);
            rows.addAll(unset);
        }
        return rows;
    }

    /**
     * The bytes the user had stored at the end of each of the last {@code days} UTC days, oldest
     * first, today last (as of now). An object counts from its record's creation until its
     * deletion was confirmed; pending claims and records found missing do not count. One pass over
     * the user's records, live and deleted (their proof): each adds its size on the day it was
     * created and takes it away on the day it was deleted, and a running sum turns those changes
     * into levels.
     */
    public List<DailyUsage> history(String userId, int days, LocalDate today) {
        LocalDate first = today.minusDays(days - 1L);
        return sql.query("WITH change AS ("
                + " SELECT created_at AS at, coalesce(size_bytes, 0) AS delta FROM stored_object"
                + "  WHERE user_id = ? AND state NOT IN (" + quoted(ObjectState.PENDING, ObjectState.MISSING) + ")"
                + " UNION ALL SELECT v.at, v.delta FROM deleted_object o CROSS JOIN LATERAL (VALUES (o.created_at,"
                + " coalesce(o.size_bytes, 0)), (o.deleted_at, -coalesce(o.size_bytes, 0))) AS v(at, delta)"
                + "  WHERE o.user_id = ?),"
                + " per_day AS (SELECT greatest((at AT TIME ZONE 'UTC')::date, ?::date) AS day, sum(delta) AS delta"
                + "  FROM change GROUP BY 1)"
                + " SELECT d.day::date, sum(coalesce(p.delta, 0)) OVER (ORDER BY d.day)"
                + " FROM generate_series(?::date, ?::date, interval '1 day') AS d(day)"
                + " LEFT JOIN per_day p ON p.day = d.day::date ORDER BY d.day", s -> {
            s.setString(1, userId);
            s.setString(2, userId);
            s.setDate(3, Date.valueOf(first));
            s.setDate(4, Date.valueOf(first));
            s.setDate(5, Date.valueOf(today));
        }, r -> {
            List<DailyUsage> levels = new ArrayList<>();
            while (r.next()) {
                levels.add(new DailyUsage(r.getDate(1).toLocalDate(), r.getLong(2)));
            }
            return levels;
        });
    }

    /** Today in UTC, the calendar of {@link #history}. */
    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static int bind(PreparedStatement statement, List<String> values) throws SQLException {
        int i = 1;
        for (String value : values) {
            statement.setString(i++, value);
        }
        return i;
    }

    private static List<UsageRow> rows(ResultSet r) throws SQLException {
        List<UsageRow> rows = new ArrayList<>();
        while (r.next()) {
            rows.add(new UsageRow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
        }
        return rows;
    }
}
