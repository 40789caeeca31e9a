package dev.custodian.ratelimit.control;

import dev.custodian.persistence.LedgerSql;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.ratelimit.entity.SlidingWindow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-token budgets of the {@link RateLimitedOperation}s, counted in PostgreSQL so every instance
 * of a cluster spends the same budget. Only accepted calls count: a client that keeps calling
 * while refused gets through again once its earlier calls have aged out.
 */
@ApplicationScoped
public class RateLimits {

    static final String PER_MINUTE = "custodian.rate-limit.per-minute";
    private static final String PREFIX = "custodian.rate-limit.";

    @Inject
    LedgerSql sql;

    @Inject
    Config config;

    /** The general budget of every operation limited by default; 0 turns them all off. */
    @Inject
    @ConfigProperty(name = PER_MINUTE, defaultValue = "30")
    int perMinute;

    private final Map<RateLimitedOperation, Integer> budgets = new EnumMap<>(RateLimitedOperation.class);

    /** Reads the budgets while the application deploys, so a bad one fails start-up, naming its key. */
    void atStartUp(@Observes @Initialized(ApplicationScoped.class) Object application) {
        requireBudget(PER_MINUTE, perMinute);
        for (RateLimitedOperation operation : RateLimitedOperation.values()) {
            String key = PREFIX + operation.settingName() + ".per-minute";
            int budget = config.getOptionalValue(key, Integer.class)
                    .orElse(operation.limitedByDefault() ? perMinute : 0);
            requireBudget(key, budget);
            budgets.put(operation, budget);
        }
    }

    private static void requireBudget(String key, int budget) {
        if (budget < 0) {
            throw new IllegalStateException(key + " must be 0 (no limit) or more calls a minute, is " + budget);
        }
    }

    /** The operation's calls a minute per token; 0 when it has no limit. */
    public int budget(RateLimitedOperation operation) {
        return budgets.get(operation);
    }

    /**
     * Counts the caller's call if its budget allows it; else says how long to wait. The caller's
     * row of this minute is locked while it is decided, so instances never both take the last call.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Duration> take(String caller, RateLimitedOperation operation, Instant now) {
        int budget = budget(operation);
        if (budget == 0) {
            return Optional.empty();
        }
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant previousMinute = minute.minus(SlidingWindow.MINUTE);
        boolean newMinute = sql.update("insert into rate_window (caller, operation, window_start, calls)"
                + " values (?, ?, ?, 0) on conflict do nothing", statement -> {
                    statement.setString(1, caller);
                    statement.setString(2, operation.wireName());
                    statement.setTimestamp(3, Timestamp.from(minute));
                }) == 1;
        if (newMinute) {
            sql.update("delete from rate_window where window_start < ?",
                    statement -> statement.setTimestamp(1, Timestamp.from(previousMinute)));
        }
        long[] calls = sql.query("select coalesce(sum(calls) filter (where window_start = ?), 0),"
                + " coalesce(sum(calls) filter (where window_start = ?), 0) from (select window_start, calls"
                + " from rate_window where caller = ? and operation = ? and window_start in (?, ?)"
                + " order by window_start desc for update) locked", statement -> {
                    statement.setTimestamp(1, Timestamp.from(previousMinute));
                    statement.setTimestamp(2, Timestamp.from(minute));
                    statement.setString(3, caller);
                    statement.setString(4, operation.wireName());
                    statement.setTimestamp(5, Timestamp.from(previousMinute));
                    statement.setTimestamp(6, Timestamp.from(minute));
                }, rows -> {
                    rows.next();
                    return new long[] {rows.getLong(1), rows.getLong(2)};
                });
        SlidingWindow window = new SlidingWindow(budget, calls[0], calls[1], Duration.between(minute, now));
        if (!window.allows()) {
            return Optional.of(window.retryAfter());
        }
        sql.update("update rate_window set calls = calls + 1 where caller = ? and operation = ? and window_start = ?",
                statement -> {
                    statement.setString(1, caller);
                    statement.setString(2, operation.wireName());
                    statement.setTimestamp(3, Timestamp.from(minute));
                });
        return Optional.empty();
    }
}
