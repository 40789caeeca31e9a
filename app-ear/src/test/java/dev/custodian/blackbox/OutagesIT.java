package dev.custodian.blackbox;

import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;
import dev.custodian.testing.TcpProxy;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service through outages of its database and its store, as an operator meets them. The server
 * of this class reaches PostgreSQL only through a proxy the test cuts (so nobody else's database
 * goes away) and runs with an empty database password, the usual form with trust authentication.
 * It is started while the database is unreachable: it must wait for it, not deploy broken.
 */
class OutagesIT {

    private static final String WAITING = "waiting for the ledger database";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static TcpProxy database;
    private static CustodianServer server;
    private static Api app;
    private static Api admin;
    /** Whether the server was ready before the database came back (it must not be). */
    private static boolean readyWithoutDatabase;
    private static Duration readyAfterDatabaseCameBack;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;

    @BeforeAll
    static void startWhileTheDatabaseIsAway() {
        PostgresDatabase ledger = PostgresDatabase.shared();
        database = ledger.proxy();
        database.cut();
        server = CustodianServer.withSettings(Map.of("CUSTODIAN_DB_URL", ledger.jdbcUrlThrough(database),
                "CUSTODIAN_DB_PASSWORD", ""));
        server.launch();
        Instant deadline = Instant.now().plusSeconds(120);
        while (!server.log().contains(WAITING) && Instant.now().isBefore(deadline)) {
            Deletions.sleep(250);
        }
        Deletions.sleep(2_000); // a few attempts more
        readyWithoutDatabase = Readiness.isReady(server.uri("/health/ready"));
        database.restore();
        Instant back = Instant.now();
        server.awaitReady();
        readyAfterDatabaseCameBack = Duration.between(back, Instant.now());
        app = Api.of(server, CustodianServer.APP_TOKEN);
        admin = Api.of(server, CustodianServer.ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.kill();
        }
        database.close();
    }

    @Test
    void startsOnceTheDatabaseIsBackInsteadOfDeployingBroken() {
        assertThat(readyWithoutDatabase).as("never ready without its database").isFalse();
        assertThat(readyAfterDatabaseCameBack).isLessThan(Duration.ofSeconds(90));
        assertThat(server.log()).contains(WAITING);
    }

    @Test
    void aDatabaseCutMidDeletionAnswers503ThenRecoversWithin10SecondsAndTheDeletionFinishes() throws Exception {
        int objects = 5_000;
        LedgerSeed.trackedProject(user, project, objects, "standard", Instant.now());
        String id = app.delete("/api/v1/projects/" + project).json().getString("id");
        Await.until("some keys deleted", () -> app.get("/api/v1/deletions/" + id).json(),
                d -> d.getJsonNumber("deleted").longValue() > 0, MINUTE);

        database.cut();
        Instant back;
        try {
            Api.Reply during = app.get("/api/v1/objects?project_id=" + project);
            assertThat(during.status()).as(during.toString()).isEqualTo(503);
            assertThat(during.contentType()).startsWith("application/problem+json");
            assertThat(during.header("Retry-After")).isNotNull();
            assertThat(during.json().getString("instance")).startsWith("urn:uuid:");
            assertReadinessDownWithin2Seconds("database");
            Deletions.sleep(3_000);
        } finally {
            database.restore();
            back = Instant.now();
        }
        Await.until("the API answers again", () -> app.get("/api/v1/deletions/" + id), r -> r.status() == 200,
                MINUTE);
        assertThat(Duration.between(back, Instant.now())).as("recovered without a restart").isLessThan(Duration.ofSeconds(10));

        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofSeconds(120));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(objects);
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
        assertThat(LedgerSeed.count("select count(*) from stored_object where project_id = ? and state <> 'deleted'",
                project)).isZero();

        // the batch pool came back too, and works with the empty password
        assertMaintenanceDryRunCompletes("users/" + user + "/");
    }

    @Test
    void aFrozenStoreMakesReadinessDownWithin2SecondsAndTheDeletionFinishesAfterIt() throws Exception {
        LedgerSeed.trackedProject(user, project, 300, "standard", Instant.now());
        S3ProxyServer.shared().freeze();
        String id;
        try {
            Api.Reply accepted = app.delete("/api/v1/projects/" + project);
            assertThat(accepted.status()).as("a request never waits for the store").isEqualTo(202);
            id = accepted.json().getString("id");
            assertReadinessDownWithin2Seconds("bucket");
            // longer than the store's request time-out: every batch has failed at least once
            Await.until("errors reported", () -> app.get("/api/v1/deletions/" + id).json(),
                    d -> !d.getJsonArray("errors").isEmpty(), MINUTE);
            assertThat(app.get("/api/v1/deletions/" + id).json().getJsonNumber("failed").longValue())
                    .as("an outage uses up no attempts").isZero();
        } finally {
            S3ProxyServer.shared().thaw();
        }
        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofSeconds(90));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(300);
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
    }

    @Test
    void anEmptyDatabasePasswordRunsBatchJobsAndReadinessSaysSo() {
        Api.Reply ready = Api.of(server, null).get("/health/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.body()).contains("\"batch\":\"up\"");
        assertMaintenanceDryRunCompletes("users/" + user + "/");
    }

    private void assertMaintenanceDryRunCompletes(String prefix) {
        Api.Reply started = admin.postJson("/api/v1/maintenance/runs", "{\"key_prefix\": \"" + prefix + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String run = started.json().getString("id");
        JsonObject ended = Await.until("the dry run ends", () -> admin.get("/api/v1/maintenance/runs/" + run).json(),
                r -> !r.getString("state").equals("queued") && !r.getString("state").equals("running"), MINUTE);
        assertThat(ended.getString("state")).as(ended.toString()).isEqualTo("completed");
    }

    /** Asked once the last good result is stale (readiness reuses a result for a second). */
    private static void assertReadinessDownWithin2Seconds(String part) {
        Deletions.sleep(1_100);
        Instant asked = Instant.now();
        Api.Reply ready = Api.of(server, null).get("/health/ready");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(2));
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).contains("\"" + part + "\":\"down");
    }

}
