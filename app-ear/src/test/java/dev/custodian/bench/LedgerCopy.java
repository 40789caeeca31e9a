package dev.custodian.bench;

import dev.custodian.testing.PostgresDatabase;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Ledger rows for a benchmark, copied into {@code stored_object} a megabyte at a time: a million
 * rows in seconds, where inserts would take minutes. Closing sends the rest and analyzes the
 * table, so the planner sees the rows.
 */
final class LedgerCopy implements AutoCloseable {

    private final Connection db;
    private final CopyManager copy;
    private final String sql;
    private final StringBuilder rows = new StringBuilder();

    /** {@code columns}: the column list the rows' tab-separated values follow, in parentheses. */
    LedgerCopy(String columns) throws SQLException {
        this.db = PostgresDatabase.shared().connect();
        this.copy = db.unwrap(PGConnection.class).getCopyAPI();
        this.sql = "COPY stored_object " + columns + " FROM STDIN";
    }

    /** One row: its values in the order of the columns (COPY's text format: no tabs or newlines in them). */
    void row(Object... values) throws Exception {
        for (int i = 0; i < values.length; i++) {
            rows.append(i == 0 ? "" : "\t").append(values[i]);
        }
        rows.append('\n');
        if (rows.length() > 1 << 20) {
            flush();
        }
    }

    private void flush() throws Exception {
        copy.copyIn(sql, new StringReader(rows.toString()));
        rows.setLength(0);
    }

    @Override
    public void close() throws Exception {
        try (db; var vacuum = db.createStatement()) {
            flush();
            // as autovacuum would have left rows written over months: visible to index-only scans
            vacuum.execute("VACUUM ANALYZE stored_object");
        }
    }
}
