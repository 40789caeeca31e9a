package dev.custodian.health.boundary;

import dev.custodian.health.control.BoundedProbe;
import dev.custodian.health.control.BoundedProbe.Result;
import dev.custodian.monitoring.control.LedgerWatch;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.security.control.AccessTokens;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ready when the ledger database, the bucket and the batch job repository can all be used and the
 * API has tokens to serve with. The data also carries the deletions alert ({@code "deletions":
 * "ok"} or {@code "degraded: …"}): a stuck deletion or a failed key is for an operator, and taking
 * the instance out of service would not help, so it never makes the check DOWN. Answers within {@link #LIMIT} whatever hangs (each part is checked
 * on its own thread, see {@link BoundedProbe}); results stand for {@link #FRESH}, so a probe every
 * hundred milliseconds costs the store one request a second. An optional secret that was ignored
 * shows in the data but does not make the instance unready: every other token still works.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    static final Duration LIMIT = Duration.ofMillis(1500);
    static final Duration FRESH = Duration.ofSeconds(1);

    @Resource(lookup = "java:app/jdbc/custodian")
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Inject
    AccessTokens tokens;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    LedgerWatch watch;

    private ExecutorService executor;
    /** The alert: shown in the data, never a reason to take the instance out of service. */
    private BoundedProbe deletions;
    private final Map<String, BoundedProbe> probes = new LinkedHashMap<>();

    @PostConstruct
    void open() {
        // one thread per part at most (a probe never runs twice at once), so a cached pool stays small
        executor = Executors.newCachedThreadPool(threads);
        probes.put("database", probe(this::databaseAnswers));
        probes.put("bucket", probe(this::bucketAnswers));
        probes.put("batch", probe(ReadinessCheck::jobRepositoryAnswers));
        deletions = probe(this::deletionsMove);
    }

    private BoundedProbe probe(BoundedProbe.Check check) {
        return new BoundedProbe(check, executor, FRESH, System::nanoTime);
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }

    @Override
    public HealthCheckResponse call() {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        Map<String, CompletableFuture<Result>> runs = new LinkedHashMap<>();
        probes.forEach((name, probe) -> runs.put(name, probe.start()));
        CompletableFuture<Result> alert = deletions.start();
        var response = HealthCheckResponse.named("custodian");
        boolean up = true;
        for (var run : runs.entrySet()) {
            Result result = BoundedProbe.await(run.getValue(), deadline);
            response.withData(run.getKey(), result.detail());
            up &= result.up();
        }
        Result moving = BoundedProbe.await(alert, deadline);
        response.withData("deletions", moving.up() ? "ok" : "degraded: " + moving.why());
        var configError = tokens.configurationError();
        response.withData("auth", configError.orElse("configured"));
        tokens.ignoredSecret().ifPresent(why -> response.withData("ignored_secret", why));
        return response.status(up && configError.isEmpty()).build();
    }

    private void databaseAnswers() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                throw new SQLException("the connection did not answer");
            }
        }
    }

    private void bucketAnswers() {
        if (!store.isReachable()) {
            throw new IllegalStateException("bucket " + store.bucket() + " cannot be reached");
        }
    }

    /** Deletions move: none stuck for custodian.alerts.stuck-after, no key in delete_failed. */
    private void deletionsMove() {
        String degradation = watch.current().degradation(watch.stuckAfter());
        if (!degradation.isEmpty()) {
            throw new IllegalStateException(degradation);
        }
    }

    /** The job repository answers a query: what every job start and restart needs first. */
    private static void jobRepositoryAnswers() {
        BatchRuntime.getJobOperator().getJobNames();
    }
}
