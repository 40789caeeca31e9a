package dev.custodian.health.control;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * One readiness check that answers in bounded time whatever hangs behind it. The check runs on a
 * thread of its own; a caller waits for it until its deadline and then reads "down". A result is
 * reused while fresh, so frequent probes do not load the database or the store, and a check that
 * is still running (hung) is never started twice: at most one thread per check is ever stuck.
 */
public final class BoundedProbe {

    /** A check: returns normally when the part can be used, throws to say why not. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** What one run found; {@code why} says why a part is down (null when up). */
    public record Result(boolean up, String why) {

        static final Result UP = new Result(true, null);

        static Result down(String why) {
            return new Result(false, why);
        }

        /** As readiness shows it: {@code up}, or {@code down: <why>}. */
        public String detail() {
            return up ? "up" : "down: " + why;
        }
    }

    private final Check check;
    private final Executor executor;
    private final long freshNanos;
    private final LongSupplier nanoClock;

    private CompletableFuture<Result> running;
    private Result last;
    private long lastAt;

    public BoundedProbe(Check check, Executor executor, Duration fresh, LongSupplier nanoClock) {
        this.check = check;
        this.executor = executor;
        this.freshNanos = fresh.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The latest result if still fresh, else the run in flight, started now if none is. */
    public synchronized CompletableFuture<Result> start() {
        if (last != null && nanoClock.getAsLong() - lastAt < freshNanos) {
            return CompletableFuture.completedFuture(last);
        }
        if (running != null) {
            return running;
        }
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(this::runCheck, executor);
        running = run;
        // a check that has already finished records itself right here, clearing `running`
        run.thenAccept(this::finished);
        return run;
    }

    private synchronized void finished(Result result) {
        last = result;
        lastAt = nanoClock.getAsLong();
        running = null;
    }

    private Result runCheck() {
        try {
            check.run();
            return Result.UP;
        } catch (Exception e) {
            return Result.down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Waits for a run until the deadline ({@link System#nanoTime()} based); a late one is down. */
    public static Result await(CompletableFuture<Result> run, long deadlineNanos) {
        try {
            return run.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Result.down("no answer in time");
        } catch (ExecutionException e) {
            return Result.down(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.down("interrupted");
        }
    }
}
