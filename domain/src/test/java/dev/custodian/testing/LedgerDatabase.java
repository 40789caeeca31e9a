package dev.custodian.testing;

import dev.custodian.ledger.entity.ObjectTransition;
import dev.custodian.persistence.LedgerSql;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh database at the latest schema, for the domain's SQL tested against PostgreSQL itself:
 * a {@link LedgerSql} on it (each statement commits on its own, as outside a JTA transaction),
 * and beans wired by field the way CDI would.
 */
public final class LedgerDatabase implements AutoCloseable {

    private final PostgresDatabase database = PostgresDatabase.fresh();
    private final LedgerSql sql = new LedgerSql();

    public LedgerDatabase() {
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), "").locations("classpath:db/migration")
                .load().migrate();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.user());
        inject(sql, "dataSource", dataSource);
    }

    public LedgerSql sql() {
        return sql;
    }

    /** Sets a bean's package-private injection point, as the container does. */
    public static <T> T inject(T bean, String field, Object value) {
        try {
            Field target = bean.getClass().getDeclaredField(field);
            target.setAccessible(true);
            target.set(bean, value);
            return bean;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set " + field + " of " + bean.getClass().getSimpleName(), e);
        }
    }

    /**
     * A queued deletion of the scope, with an owner deletion's cursor before every id (as
     * DeletionRequest starts it) and {@code expanded} as given; returns its id.
     */
    public UUID deletion(String scopeType, String userId, boolean expanded) {
        UUID id = UUID.randomUUID();
        execute("insert into deletion_request (id, scope_type, user_id, reason, requested_by, state, sweep_state,"
                + " expanded, expand_after, created_at) values ('" + id + "', '" + scopeType + "', '" + userId
                + "', 'r', 'a', 'queued', 'done', " + expanded + ", '" + new UUID(0, 0) + "', now())");
        return id;
    }

    /**
     * Moves a row to the proof of deleted keys as a confirmation would, deleted at {@code deletedAt}
     * (an SQL expression): for a test that needs a deleted record without draining it.
     */
    public void proveDeleted(UUID id, String deletedAt) {
        execute("with gone as (delete from stored_object where id = '" + id + "' returning *)"
                + " insert into deleted_object (" + ObjectTransition.PROOF_COLUMNS + ") select "
                + ObjectTransition.CONFIRM_DELETED.proofValues().replace("?, ?", deletedAt + ", now()") + " from gone");
    }

    /** A row's state, {@code deleted} when its proof is kept instead; empty when neither holds it. */
    public String stateOf(UUID id) {
        List<String> found = rows("select state from stored_object where id = '" + id + "'"
                + " union all select 'deleted' from deleted_object where id = '" + id + "'");
        return found.isEmpty() ? "" : found.get(0);
    }

    /** A connection of its own, for a test that holds a transaction open against the code under test. */
    public Connection connect() throws SQLException {
        return database.connect();
    }

    public void execute(String statement) {
        try (Connection connection = database.connect(); Statement sqlStatement = connection.createStatement()) {
            sqlStatement.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> rows(String query) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> found = new ArrayList<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    @Override
    public void close() {
        database.drop();
    }
}
