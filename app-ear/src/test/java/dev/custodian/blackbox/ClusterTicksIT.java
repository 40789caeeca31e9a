package dev.custodian.blackbox;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's "once per cluster": three instances on one database, every one with the pending
 * resolver, the expiry sweep and the retention sweep due every minute. At the next tick each task
 * runs exactly once: one tick row per task, one batch execution, one expiry deletion. (One tick
 * suffices: every instance's timer fires at it; a second would only cost the suite a minute.)
 */
@Tag("slow")
class ClusterTicksIT {

    private static final List<String> TASKS = List.of("pending-uploads", "expiry", "retention-sweep");
    private static final Map<String, String> EVERY_MINUTE = Map.of(
            "CUSTODIAN_UPLOADS_PENDING_SCHEDULE", "* * * * *",
            "CUSTODIAN_RETENTION_EXPIRY_SCHEDULE", "* * * * *",
            "CUSTODIAN_RETENTION_SCHEDULE", "* * * * *");

    private final String user = "u" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void threeInstancesRunEachTaskOncePerTick() throws Exception {
        Api.asAdmin(); // the shared server owns the schema
        List<CustodianServer> cluster = List.of(CustodianServer.withSettings(EVERY_MINUTE),
                CustodianServer.withSettings(EVERY_MINUTE), CustodianServer.withSettings(EVERY_MINUTE));
        Instant first;
        long before;
        long after;
        Instant seeded;
        try {
            CompletableFuture.allOf(cluster.stream().map(server -> CompletableFuture.runAsync(server::start))
                    .toArray(CompletableFuture[]::new)).join();
            // a tick that fired while the last instance was starting may still be starting its jobs
            if (Instant.now().atZone(ZoneOffset.UTC).getSecond() < 15) {
                Deletions.sleep(15_000);
            }
            before = lastExecution();
            seeded = Instant.now();
            LedgerSeed.trackedProject(user, "expiring", 1, "final", seeded);
            LedgerSeed.update("update stored_object set expires_at = now() - interval '1 hour' where user_id = ?", user);
            first = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            awaitEnded(first, before);
            after = lastExecution();
        } finally {
            cluster.forEach(CustodianServer::kill);
        }

        for (String task : TASKS) {
            assertThat(LedgerSeed.count("select count(*) from scheduled_run where task = ? and tick = ?"
                    + " and outcome = 'succeeded' and finished_at is not null", task, Timestamp.from(first)))
                    .as(task + " at " + first + " ran and succeeded").isEqualTo(1);
        }
        for (String job : List.of("pending-uploads", "retention-sweep")) {
            assertThat(executions(job, before, after)).as("every " + job + " execution is the tick's, and the"
                    + " reverse").isEqualTo(tickExecutions(job, first)).hasSize(1);
        }
        assertThat(LedgerSeed.count("select count(*) from deletion_request where reason = 'retention period over'"
                + " and created_at >= ?", Timestamp.from(seeded))).as("the expired object queued once").isEqualTo(1);
        assertThat(LedgerSeed.count("select count(*) from stored_object where user_id = ? and state <> 'active'",
                user)).isEqualTo(1);
    }

    /** Waits until every task's tick has ended and its jobs have finished. */
    private static void awaitEnded(Instant tick, long before) throws Exception {
        Instant deadline = tick.plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            boolean ticked = LedgerSeed.count("select count(*) from scheduled_run where tick = ? and outcome <> 'running'",
                    Timestamp.from(tick)) >= TASKS.size();
            if (ticked && LedgerSeed.count("select count(*) from jbatchexecutioninstancedata where jobexecid > ?"
                    + " and batchstatus in ('STARTING', 'STARTED', 'STOPPING')", before) == 0) {
                return;
            }
            Deletions.sleep(500);
        }
        throw new AssertionError("the tick of " + tick + " did not end within a minute");
    }

    private static long lastExecution() throws Exception {
        if (LedgerSeed.count("select count(*) from pg_class where relname = 'jbatchexecutioninstancedata'") == 0) {
            return 0; // Payara creates its tables when the first job starts
        }
        return LedgerSeed.count("select coalesce(max(jobexecid), 0) from jbatchexecutioninstancedata");
    }

    private static Set<Long> executions(String job, long after, long upTo) throws Exception {
        return new TreeSet<>(LedgerSeed.numbers("select e.jobexecid from jbatchexecutioninstancedata e"
                + " join jbatchjobinstancedata i on i.jobinstanceid = e.jobinstanceid"
                + " where i.name = ? and e.jobexecid > ? and e.jobexecid <= ?", job, after, upTo));
    }

    /** The executions the tick's rows say they started. */
    private static Set<Long> tickExecutions(String task, Instant tick) throws Exception {
        return new TreeSet<>(LedgerSeed.numbers("select substring(detail from 'execution (\\d+)')::bigint"
                + " from scheduled_run where task = ? and tick = ?", task, Timestamp.from(tick)));
    }
}
