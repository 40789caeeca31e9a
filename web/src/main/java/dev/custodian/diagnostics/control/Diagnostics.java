package dev.custodian.diagnostics.control;

import dev.custodian.batch.boundary.BatchSupervisor;
import dev.custodian.health.control.BoundedProbe;
import dev.custodian.ledger.control.LedgerSchema;
import dev.custodian.objectstore.control.ObjectStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the diagnostics: every probe at once, each on its own thread, all awaited until one
 * deadline ({@link #LIMIT}), so the report comes back in bounded time whatever hangs; a part that
 * did not answer is reported as such, with what it had done so far.
 */
@ApplicationScoped
public class Diagnostics {

    /** Within the 5 s an operator (or a load balancer) waits, with room for the rest of the request. */
    static final Duration LIMIT = Duration.ofMillis(3500);

    @Resource(lookup = "java:app/jdbc/custodian")
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Inject
    BatchSupervisor supervisor;

    @Inject
    DeclaredSettings settings;

    @Resource
    ManagedThreadFactory threads;

    /** The database as diagnostics see it. */
    public record Database(String schemaVersion, int migrationsPending) {
    }

    /** A registered service instance; {@code self} is the one answering. */
    public record Instance(UUID id, String host, Instant startedAt, Instant heartbeatAt, boolean self) {
    }

    public record Part<T>(String status, Long latencyMs, T found) {
    }

    public record Bucket(String name, String status, String key, List<BucketProbeRun.Step> steps) {
    }

    /** Whether the bucket keeps versions, read from the store now, and so what a delete erases. */
    public record Versioning(String state, boolean erasesEveryVersion) {
    }

    public record Report(String version, UUID instanceId, boolean healthy, Bucket bucket, Part<Versioning> versioning,
                         Part<Database> database, Part<Void> batch, Part<List<Instance>> instances,
                         Map<String, String> configuration) {
    }

    private ExecutorService executor;
    private final AtomicReference<BucketProbeRun> bucketRun = new AtomicReference<>();
    private TimedProbe<BucketProbeRun> bucket;
    private TimedProbe<Versioning> versioning;
    private TimedProbe<Database> database;
    private TimedProbe<Void> batch;
    private TimedProbe<List<Instance>> instances;
    private String version;

    @PostConstruct
    void open() {
        // at most one thread per probe (a probe never runs twice at once), so a cached pool stays small
        executor = Executors.newCachedThreadPool(threads);
        bucket = new TimedProbe<>(this::probeBucket, executor);
        versioning = new TimedProbe<>(() -> new Versioning(store.versioning().name().toLowerCase(Locale.ROOT),
                store.erasesVersions()), executor);
        database = new TimedProbe<>(this::probeDatabase, executor);
        batch = new TimedProbe<>(() -> {
            BatchRuntime.getJobOperator().getJobNames();
            return null;
        }, executor);
        instances = new TimedProbe<>(this::liveInstances, executor);
        version = readVersion();
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }

    public Report run() {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        var bucketStarted = bucket.start();
        var versioningStarted = versioning.start();
        var databaseStarted = database.start();
        var batchStarted = batch.start();
        var instancesStarted = instances.start();
        var bucketFound = bucket.await(bucketStarted, deadline);
        var versioningFound = versioning.await(versioningStarted, deadline);
        var databaseFound = database.await(databaseStarted, deadline);
        var batchFound = batch.await(batchStarted, deadline);
        var instancesFound = instances.await(instancesStarted, deadline);
        BucketProbeRun run = bucketRun.get();
        Bucket bucketPart = new Bucket(store.bucket(), bucketFound.status(), run == null ? null : run.key(),
                run == null ? List.of() : run.steps());
        boolean healthy = bucketFound.up() && databaseFound.up() && batchFound.up() && instancesFound.up()
                && databaseFound.value() != null && databaseFound.value().migrationsPending() == 0;
        return new Report(version, supervisor.instance(), healthy, bucketPart, part(versioningFound),
                part(databaseFound), part(batchFound),
                part(instancesFound), settings.effective());
    }

    private static <T> Part<T> part(TimedProbe.Finding<T> finding) {
        return new Part<>(finding.status(), finding.latencyMs(), finding.value());
    }

    private BucketProbeRun probeBucket() {
        BucketProbeRun run = new BucketProbeRun(supervisor.instance().toString());
        bucketRun.set(run);
        run.run(store);
        return run;
    }

    private Database probeDatabase() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new SQLException("the connection did not answer");
            }
        }
        LedgerSchema schema = LedgerSchema.of(dataSource);
        return new Database(schema.version(), schema.pending());
    }

    private List<Instance> liveInstances() throws SQLException {
        UUID self = supervisor.instance();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id, host, started_at, heartbeat_at FROM service_instance ORDER BY started_at");
             ResultSet rows = query.executeQuery()) {
            List<Instance> found = new ArrayList<>();
            while (rows.next()) {
                UUID id = rows.getObject(1, UUID.class);
                found.add(new Instance(id, rows.getString(2), rows.getTimestamp(3).toInstant(),
                        rows.getTimestamp(4).toInstant(), id.equals(self)));
            }
            return found;
        }
    }

    /** The build's version, written into the archive by the build (resource filtering). */
    private static String readVersion() {
        try (InputStream in = Diagnostics.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
