package dev.custodian.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plain JDBC on the ledger's JTA data source, for the set-based statements of the pipelines (a
 * round touches up to a thousand rows). Joins the caller's transaction; a failure becomes an
 * unchecked exception that rolls it back.
 */
@ApplicationScoped
public class LedgerSql {

    @Resource(lookup = "java:app/jdbc/custodian")
    DataSource dataSource;

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    public interface RowBinder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Reads the first column of every row as a set of strings (keys, mostly). */
    public static Set<String> stringSet(ResultSet rows) throws SQLException {
        Set<String> found = new HashSet<>();
        while (rows.next()) {
            found.add(rows.getString(1));
        }
        return found;
    }

    public int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("ledger update failed: " + e.getMessage(), e);
        }
    }

    public <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger query failed: " + e.getMessage(), e);
        }
    }

    public <T> int[] batch(String sql, List<T> rows, RowBinder<T> binder) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("ledger batch failed: " + e.getMessage(), e);
        }
    }
}
