package dev.custodian.bench;

import dev.custodian.testing.PostgresDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a phase's database time went, by statement, from {@code pg_stat_statements} of the
 * benchmarks' own cluster ({@code bin/bench-postgres} loads it); nothing elsewhere.
 */
final class StatementCosts {

    private StatementCosts() {
    }

    static boolean available() {
        return !System.getProperty("bench.pg-data", "").isEmpty();
    }

    /** Forgets what was counted so far. */
    static void reset() throws SQLException {
        if (available()) {
            try (Connection admin = admin(); var sql = admin.createStatement()) {
                sql.execute("create extension if not exists pg_stat_statements");
                sql.execute("select pg_stat_statements_reset()");
            }
        }
    }

    /** The {@code limit} statements of this benchmark's database that took most time since the reset, per unit of work. */
    static List<String> top(int limit, long units, String unit) throws SQLException {
        List<String> lines = new ArrayList<>();
        if (!available()) {
            return lines;
        }
        try (Connection admin = admin(); var statement = admin.prepareStatement("select total_exec_time, calls, rows,"
                + " regexp_replace(query, '\\s+', ' ', 'g'), shared_blks_hit + shared_blks_read, wal_records, wal_fpi"
                + " from pg_stat_statements s join pg_database d on d.oid = s.dbid"
                + " where d.datname = ? order by total_exec_time desc limit ?")) {
            statement.setString(1, PostgresDatabase.shared().name());
            statement.setInt(2, limit);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    String query = rows.getString(4);
                    // pages touched and WAL records written say what a statement does, whatever else runs on the machine
                    lines.add(String.format(Locale.ROOT, "%7.1f µs/%s %6d calls %8d rows %6.1f pages/%s %5.1f WAL records/%s"
                            + " %5d full pages  %s", rows.getDouble(1) * 1000 / units, unit, rows.getLong(2), rows.getLong(3),
                            rows.getLong(5) / (double) units, unit, rows.getLong(6) / (double) units, unit, rows.getLong(7),
                            query.length() > 120 ? query.substring(0, 120) + "…" : query));
                }
            }
        }
        return lines;
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(PostgresDatabase.shared().jdbcUrl().replaceFirst("/[^/]+$", "/postgres"),
                PostgresDatabase.shared().user(), "");
    }
}
