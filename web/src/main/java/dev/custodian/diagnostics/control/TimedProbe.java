package dev.custodian.diagnostics.control;

import dev.custodian.health.control.BoundedProbe;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BoundedProbe} that also keeps what its check found and how long it took. Never fresh:
 * every diagnostics call probes again, unless a run is still in flight (hung), which it then shares.
 */
final class TimedProbe<T> {

    /** What a run found; {@code value} and {@code latencyMs} are null when it gave no answer in time. */
    record Finding<T>(boolean up, String status, Long latencyMs, T value) {
    }

    private record Found<T>(T value, long latencyMs) {
    }

    private final Callable<T> check;
    private final BoundedProbe probe;
    private volatile Found<T> found;

    TimedProbe(Callable<T> check, Executor executor) {
        this.check = check;
        this.probe = new BoundedProbe(this::runCheck, executor, Duration.ZERO, System::nanoTime);
    }

    CompletableFuture<BoundedProbe.Result> start() {
        return probe.start();
    }

    /** Waits for the run until the deadline ({@link System#nanoTime()}); a late one is down, with no findings. */
    Finding<T> await(CompletableFuture<BoundedProbe.Result> run, long deadlineNanos) {
        BoundedProbe.Result result = BoundedProbe.await(run, deadlineNanos);
        Found<T> last = run.isDone() ? found : null;
        return new Finding<>(result.up(), result.detail(), last == null ? null : last.latencyMs(),
                last == null ? null : last.value());
    }

    private void runCheck() throws Exception {
        found = null;
        long start = System.nanoTime();
        T value = check.call();
        found = new Found<>(value, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
