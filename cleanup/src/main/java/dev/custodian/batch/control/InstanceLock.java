package dev.custodian.batch.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's liveness lock: a PostgreSQL session-level advisory lock, held on a connection of
 * its own for as long as the instance runs. PostgreSQL frees it when that session ends, that is when
 * the process died (its socket closed) or its host stopped answering TCP keepalives, and never
 * because the JVM paused. So "its lock is free" is the test for a dead instance that a missed
 * heartbeat cannot be: a paused instance resumes and carries on with executions it still owns.
 */
@ApplicationScoped
public class InstanceLock {

    private static final Logger LOG = Logger.getLogger(InstanceLock.class.getName());

    /** The first key of our two-key advisory locks; the second is a hash of the instance id. */
    private static final int KEY_SPACE = 0x43555354; // "CUST"

    @Resource(lookup = "java:app/jdbc/custodian")
    DataSource dataSource;

    private UUID instance;
    private Connection session;

    /**
     * A condition for SQL that is true when the instance in {@code column} holds no liveness lock;
     * it takes that lock until the end of the transaction, so two instances never recover the same
     * dead one at once.
     */
    static String isFree(String column) {
        return "pg_try_advisory_xact_lock(" + KEY_SPACE + ", hashtext(" + column + "::text))";
    }

    /** Takes the lock; called once, before this instance owns anything. */
    public synchronized void acquire(UUID instance) {
        this.instance = instance;
        open();
    }

    /** Re-takes the lock when its session was lost (a database restart). */
    public synchronized void check() {
        try {
            if (session != null && session.isValid(5)) {
                return;
            }
        } catch (SQLException e) {
            LOG.log(Level.FINE, "liveness session check failed", e);
        }
        LOG.warning(() -> "the liveness lock of instance " + instance + " was lost; other instances may have"
                + " recovered its executions meanwhile. Taking it again");
        closeQuietly();
        open();
    }

    public synchronized void release() {
        closeQuietly();
    }

    private void open() {
        try {
            session = dataSource.getConnection();
            // a host that vanishes is noticed in about 25 s instead of the kernel's two hours
            try (PreparedStatement keepalive = session.prepareStatement("SELECT set_config('tcp_keepalives_idle',"
                    + " '10', false), set_config('tcp_keepalives_interval', '5', false),"
                    + " set_config('tcp_keepalives_count', '3', false)");
                 PreparedStatement lock = session.prepareStatement(
                         "SELECT pg_advisory_lock(" + KEY_SPACE + ", hashtext(?))")) {
                keepalive.execute();
                lock.setString(1, instance.toString());
                lock.execute();
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new IllegalStateException("cannot take the liveness lock of instance " + instance + ": "
                    + e.getMessage(), e);
        }
    }

    /** Closing the session frees its lock. */
    private void closeQuietly() {
        if (session == null) {
            return;
        }
        try (PreparedStatement unlock = session.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            unlock.execute(); // the pool keeps the session open after close()
        } catch (SQLException e) {
            LOG.log(Level.FINE, "unlocking a lost liveness session", e);
        }
        try {
            session.close(); // back to the pool even when the unlock failed, or it leaks one per outage
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the liveness session", e);
        }
        session = null;
    }
}
