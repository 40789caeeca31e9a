package dev.custodian.api;

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
        url = "${MPCONFIG=custodian.db.url}",
        user = "${MPCONFIG=custodian.db.user}",
        password = "${MPCONFIG=custodian.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        // one multi-row INSERT per batch instead of one per row: the drain audits every key
        properties = {"reWriteBatchedInserts=true"})
public class CustodianApplication extends Application {
}
