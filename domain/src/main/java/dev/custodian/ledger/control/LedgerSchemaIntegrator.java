package dev.custodian.ledger.control;

import dev.custodian.configuration.DurationSetting;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Migrates the schema with Flyway while Hibernate builds the persistence unit, before Hibernate
 * validates its mappings against it. A startup bean would run too late: the persistence unit is
 * built (and validated) before any {@code @Startup} bean.
 *
 * <p>A database that is not there yet (a compose file starting both at once, a restart) is waited
 * for, up to {@value #STARTUP_WAIT} ({@code PT2M} by default), with every attempt logged. After
 * that the deployment fails; on Payara Micro, which would otherwise keep running and answer 404s,
 * the process exits with status 1, so no supervisor mistakes it for a working service.
 */
public class LedgerSchemaIntegrator implements Integrator {

    private static final Logger LOG = Logger.getLogger(LedgerSchemaIntegrator.class.getName());
    static final String STARTUP_WAIT = "custodian.db.startup-wait";
    private static final String DEFAULT_STARTUP_WAIT = "PT2M";
    /** The data source's settings; their defaults are in this module's microprofile-config.properties. */
    public static final String DB_URL = "custodian.db.url";
    public static final String DB_USER = "custodian.db.user";
    public static final String DB_PASSWORD = "custodian.db.password";

    /** Every database key with its default (null: from the configuration file), for diagnostics. */
    public static Map<String, String> declared() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(DB_URL, null);
        keys.put(DB_USER, null);
        keys.put(DB_PASSWORD, null);
        keys.put(STARTUP_WAIT, DEFAULT_STARTUP_WAIT);
        return keys;
    }

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
                          SessionFactoryImplementor sessionFactory) {
        DataSource dataSource = sessionFactory.getServiceRegistry()
                .getService(ConnectionProvider.class)
                .unwrap(DataSource.class);
        awaitDatabase(dataSource);
        var result = flyway(dataSource).migrate();
        LOG.info(() -> "ledger schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied)");
    }

    /** The ledger's migrations on this data source. */
    static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(LedgerSchemaIntegrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }

    private static void awaitDatabase(DataSource dataSource) {
        Duration limit = DurationSetting.positive(STARTUP_WAIT, ConfigProvider.getConfig()
                .getOptionalValue(STARTUP_WAIT, String.class).orElse(DEFAULT_STARTUP_WAIT));
        Instant deadline = Instant.now().plus(limit);
        Duration pause = Duration.ofSeconds(1);
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                return;
            } catch (SQLException e) {
                if (!Instant.now().plus(pause).isBefore(deadline)) {
                    giveUp(limit, e);
                }
                LOG.warning("waiting for the ledger database (custodian.db.url), up to " + limit + ": "
                        + e.getMessage());
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : pause.multipliedBy(2);
            }
        }
    }

    private static void giveUp(Duration limit, SQLException cause) {
        String message = "the ledger database (custodian.db.url) did not answer within " + limit
                + " (" + STARTUP_WAIT + "); Custodian cannot start: " + cause.getMessage();
        LOG.log(Level.SEVERE, message, cause);
        if (onPayaraMicro()) {
            Runtime.getRuntime().halt(1);
        }
        throw new IllegalStateException(message, cause);
    }

    private static boolean onPayaraMicro() {
        try {
            Class.forName("fish.payara.micro.PayaraMicro", false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ledger database", e);
        }
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        // nothing to release
    }
}
