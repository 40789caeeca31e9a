package dev.custodian.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A piece of SQL and the parameters it binds, in order: how one feature tells another's statement
 * which rows it means (a deletion's scope, a run's listed keys) without either depending on the
 * other's types. Parameters are bound with {@code setObject}, so pass what JDBC takes as is
 * ({@code Timestamp}, not {@code Instant}).
 */
public record Clause(String sql, List<Object> parameters) {

    public Clause {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    public static Clause of(String sql, Object... parameters) {
        return new Clause(sql, Arrays.asList(parameters));
    }

    /** This clause behind {@code prefix sql ... and}, the prefix's parameters first. */
    public Clause after(String prefix, Object... prefixParameters) {
        List<Object> all = new ArrayList<>(Arrays.asList(prefixParameters));
        all.addAll(parameters);
        return new Clause(prefix + sql, all);
    }

    /** Binds the parameters from {@code first} on; returns the next free index. */
    public int bind(PreparedStatement statement, int first) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(first + i, parameters.get(i));
        }
        return first + parameters.size();
    }
}
