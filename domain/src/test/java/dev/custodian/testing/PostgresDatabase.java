package dev.custodian.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A database of its own for one test JVM, created on the local server ({@code bin/ensure-postgres}
 * makes sure there is one) and dropped when the JVM exits.
 */
public final class PostgresDatabase {

    private static final String SERVER = System.getProperty("custodian.test.pg-server", "127.0.0.1:5432");
    private static final String USER = System.getProperty("custodian.test.pg-user", "postgres");
    private static PostgresDatabase shared;

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    /** The database of this JVM, created on first use. */
    public static synchronized PostgresDatabase shared() {
        if (shared == null) {
            shared = fresh();
        }
        return shared;
    }

    /** A new empty database of its own, dropped when the JVM exits if {@link #drop} was not called first. */
    public static PostgresDatabase fresh() {
        PostgresDatabase database = new PostgresDatabase("custodian_it_" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 12));
        database.create();
        Runtime.getRuntime().addShutdownHook(new Thread(database::drop, "drop " + database.name));
        return database;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + SERVER + "/" + name;
    }

    /** A proxy in front of the server, for a client whose database a test takes away. */
    public TcpProxy proxy() {
        int colon = SERVER.lastIndexOf(':');
        return new TcpProxy(SERVER.substring(0, colon), Integer.parseInt(SERVER.substring(colon + 1)));
    }

    /** This database, reached through the proxy. */
    public String jdbcUrlThrough(TcpProxy proxy) {
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + name;
    }

    public String user() {
        return USER;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    private void create() {
        administer("create database " + name);
    }

    public void drop() {
        administer("drop database if exists " + name + " with (force)");
    }

    private void administer(String statement) {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
             var sql = admin.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " refused '" + statement
                    + "' (run bin/ensure-postgres): " + e.getMessage(), e);
        }
    }
}
