package dev.custodian.api;

import dev.custodian.ledger.control.LedgerSchemaIntegrator;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The API root, and the home of the ledger's data source: a class of the web module is scanned
 * both in the Payara Micro WAR and in the EAR, so the definition exists wherever the persistence
 * unit looks it up.
 */
@ApplicationPath("api")
@DataSourceDefinition(
        name = "java:app/jdbc/custodian",
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=" + LedgerSchemaIntegrator.DB_URL + "}",
        user = "${MPCONFIG=" + LedgerSchemaIntegrator.DB_USER + "}",
        password = "${MPCONFIG=" + LedgerSchemaIntegrator.DB_PASSWORD + "}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
                // one multi-row INSERT per batch instead of one per row: the drain audits every key
                "reWriteBatchedInserts=true",
                // no thread waits forever on a lost database: connect, read and statement limits
                // (seconds, seconds, milliseconds); the server cancels a statement before the
                // socket gives up on it
                "connectTimeout=5",
                "socketTimeout=150",
                "options=-c statement_timeout=120000 -c lock_timeout=10000",
                // every connection is checked before use and one broken connection drops them
                // all, so a PostgreSQL restart costs one failed check instead of a dead pool
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
                "fish.payara.fail-all-connections=true",
                // ...but at most once in 2 s: a check per checkout was a third of the JDBC time of an
                // upload (a SELECT 1 round trip before each of its two statements); a connection idle
                // that long is still checked, so a restart costs no more than before
                "fish.payara.validate-atmost-once-period-in-seconds=2",
                // a request waits at most this long for a free connection, then fails (503)
                "fish.payara.max-wait-time-in-millis=10000"})
public class CustodianApplication extends Application {
}
