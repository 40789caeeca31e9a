package dev.custodian.ledger.control;

import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;

/**
 * What Flyway knows of the ledger's schema: the version applied and how many migrations of this
 * build are not (a second instance of a newer build migrates the schema ahead of this one).
 */
public record LedgerSchema(String version, int pending) {

    /** Reads the schema history; throws when the database cannot be read. */
    public static LedgerSchema of(DataSource dataSource) {
        var info = LedgerSchemaIntegrator.flyway(dataSource).info();
        MigrationInfo current = info.current();
        return new LedgerSchema(current == null ? null : current.getVersion().getVersion(), info.pending().length);
    }
}
