package dev.custodian.ledger.control;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells a lost or overloaded database, or a transaction that merely lost a race, from a bug: the
 * one rule by which the API answers 503 instead of 500 and the background work waits or runs a
 * transaction again instead of failing. Containers wrap the
 * driver's exception several times (EJB, JTA, Hibernate, the pool), so the whole cause chain is read.
 */
public final class DatabaseOutages {

    /**
     * SQLSTATEs that say "not now", never "this request is wrong": cannot connect or connection
     * lost (class 08), the server shutting down or starting up (57P01–57P03), too many
     * connections (53300), a statement or lock wait that hit its limit (57014, 55P03).
     */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300", "57014", "55P03");

    /** The pool's own failure to hand out a connection names no SQLSTATE; its types do. */
    private static final Set<String> POOL_FAILURES = Set.of(
            "com.sun.appserv.connectors.internal.api.PoolingException",
            "jakarta.resource.ResourceException",
            "jakarta.resource.spi.ResourceAllocationException");

    private DatabaseOutages() {
    }

    public static boolean isOutage(Throwable failure) {
        return causes(failure).anyMatch(cause -> cause instanceof SQLTransientConnectionException
                || cause instanceof SQLRecoverableException
                || cause instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || UNAVAILABLE.contains(sql.getSQLState()))
                || isPoolFailure(cause.getClass()));
    }

    /**
     * The transaction lost a race with another and was rolled back (deadlock 40P01, serialization
     * failure 40001): nothing was wrong with it, and running it again is the cure.
     */
    public static boolean isLostRace(Throwable failure) {
        return causes(failure).anyMatch(cause -> cause instanceof SQLException sql
                && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState())));
    }

    /** The failure and every cause under it, outermost first. */
    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, cause -> cause.getCause() == cause ? null : cause.getCause());
    }

    private static boolean isPoolFailure(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (POOL_FAILURES.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }
}
