package dev.custodian.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.JDBCException;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Plain JDBC on the ledger's JTA data source, for the set-based statements of the pipelines (a
 * round touches up to a thousand rows). Joins the caller's transaction; a failure becomes an
 * unchecked exception that rolls it back.
 *
 * <p>Inside a transaction a statement runs on the persistence context's connection, not on one of
 * its own from the data source: Payara enlists a connection taken from the data source in a
 * {@code @Transactional} method only outside EJB invocations, and every worker is an EJB (a timer,
 * an asynchronous poke, threads made there). Taken there, each statement committed on its own and
 * a row lock ended with it ({@code LoopTransactionsIT}); Hibernate's connection is enlisted
 * either way, and is the one JPA's statements in the same transaction use.
 */
@ApplicationScoped
public class LedgerSql {

    @Resource(lookup = "java:app/jdbc/custodian")
    DataSource dataSource;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

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

    /** Reads the first column of every row as a set of ids. */
    public static Set<UUID> uuidSet(ResultSet rows) throws SQLException {
        Set<UUID> found = new HashSet<>();
        while (rows.next()) {
            found.add(rows.getObject(1, UUID.class));
        }
        return found;
    }

    public int update(String sql, Binder binder) {
        return run("ledger update", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    public <T> T query(String sql, Binder binder, Reader<T> reader) {
        return run("ledger query", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return reader.read(rows);
                }
            }
        });
    }

    public <T> int[] batch(String sql, List<T> rows, RowBinder<T> binder) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return run("ledger batch", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(statement, row);
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
    }

    /** The work on the transaction's connection inside a JTA transaction, else on a connection of its own. */
    private <T> T run(String what, ReturningWork<T> work) {
        try {
            // any transaction, also one marked for rollback: its statements must not commit on their own
            if (transactions != null && transactions.getTransactionKey() != null) {
                return em.unwrap(Session.class).doReturningWork(work);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.execute(connection);
            }
        } catch (SQLException e) {
            throw failed(what, e);
        } catch (JDBCException e) {
            throw failed(what, e.getSQLException());
        }
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
}
