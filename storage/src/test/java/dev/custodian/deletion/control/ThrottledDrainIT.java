package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DueKey;
import dev.custodian.deletion.entity.KeyOutcome;
import dev.custodian.deletion.entity.KeysSettled;
import dev.custodian.objectstore.control.StoreCallLimit;
import dev.custodian.objectstore.s3.S3ObjectStore;
import dev.custodian.objectstore.s3.StoreCallObserver;
import dev.custodian.objectstore.s3.OpenStore;
import dev.custodian.testing.S3MockServer;
import dev.custodian.testing.StoreHttpProxy;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain's loops against a store that answers SlowDown to a share of its DeleteObjects requests
 * for a while (S3Mock behind a proxy, the SDK client configured as in production): the production
 * drain batch, store adapter, call limit and retry policy, over a ledger kept in memory (its SQL is
 * the black-box tests' part). Every key goes, none spends an attempt or is put off by a backoff, and
 * the calls in flight drop while the store throttles and climb back once it stops.
 */
class ThrottledDrainIT {

    private static final int KEYS = 1000;
    private static final int PARALLELISM = 4;
    /** SlowDown answers the store gives before it keeps up again. */
    private static final int SLOW_DOWNS = 20;

    private static StoreHttpProxy proxy;
    private static OpenStore opened;
    private static final AtomicInteger slowDownsAnswered = new AtomicInteger();

    @BeforeAll
    static void throttlingStore() {
        S3MockServer s3 = S3MockServer.shared();
        String bucket = s3.createBucket("throttled-" + UUID.randomUUID().toString().substring(0, 8));
        IntStream.range(0, KEYS).parallel().forEach(i -> s3.put(bucket, "users/u1/audio/f" + i + ".mp3",
                new byte[] {(byte) i}));
        proxy = new StoreHttpProxy(s3.endpoint(), request -> {
            if (!request.method().equals("POST") || !request.query().startsWith("delete")) {
                return Optional.empty();
            }
            if (ThreadLocalRandom.current().nextDouble() < 0.75 && slowDownsAnswered.incrementAndGet() <= SLOW_DOWNS) {
                return Optional.of(StoreHttpProxy.Reply.xml(503, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
                        + "<Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"));
            }
            return Optional.empty();
        });
        opened = OpenStore.on(proxy.endpoint(), S3MockServer.ACCESS_KEY, S3MockServer.SECRET_KEY, bucket,
                Duration.ofSeconds(30), StoreCallObserver.NONE);
    }

    @AfterAll
    static void close() {
        opened.close();
        proxy.close();
    }

    @Test
    void everyKeyGoesWithoutSpendingAnAttemptWhileTheCallsInFlightHalveAndClimbBack() throws Exception {
        S3ObjectStore store = opened.store();
        DeletionSettings settings = settings(store);
        StoreCallLimit limit = settings.storeCalls();
        MemoryLedger ledger;
        try (var keys = store.list("users/u1/")) {
            ledger = new MemoryLedger(keys.map(o -> o.key()).toList());
        }
        assertThat(ledger.rows).hasSize(KEYS);
        DeletionDrain drain = drain(ledger, store, settings, limit);

        AtomicInteger lowest = new AtomicInteger(limit.limit());
        ExecutorService loops = Executors.newFixedThreadPool(PARALLELISM);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < PARALLELISM; i++) {
            running.add(loops.submit(() -> {
                // as the worker's loops run: batch after batch until nothing is due
                while (drain.drainBatch() > 0) {
                    lowest.accumulateAndGet(limit.limit(), Math::min);
                }
                return null;
            }));
        }
        for (Future<?> loop : running) {
            loop.get(120, TimeUnit.SECONDS);
        }
        loops.shutdown();

        assertThat(slowDownsAnswered.get()).as("the store did throttle").isGreaterThanOrEqualTo(SLOW_DOWNS);
        assertThat(ledger.throttledBatches.get()).as("some throttling outlived the SDK's retries").isPositive();
        assertThat(limit.slowDowns()).isEqualTo(ledger.throttledBatches.get());
        assertThat(lowest.get()).as("calls in flight while throttled").isLessThan(PARALLELISM);
        assertThat(limit.limit()).as("climbed back once the store kept up").isEqualTo(PARALLELISM);
        assertThat(ledger.longestWait).as("a throttled key is due again at once: the limit sets the pace")
                .isEqualTo(Duration.ZERO);
        assertThat(ledger.rows.values()).allSatisfy(row -> {
            assertThat(row.state).as(row.key).isEqualTo("deleted");
            assertThat(row.attempts).as(row.key + ": a slow-down is no attempt").isZero();
        });
        try (var left = store.list("users/u1/")) {
            assertThat(left.count()).isZero();
        }
    }

    private static DeletionSettings settings(S3ObjectStore store) {
        DeletionSettings settings = new DeletionSettings();
        settings.batchSize = 25;
        settings.parallelism = PARALLELISM;
        settings.maxAttempts = 8;
        settings.recoveryWindow = 3;
        // production's waits: a throttled key that waited them out would leave its loop with nothing due
        settings.leaseText = "PT2M";
        settings.backoffBaseText = "PT2S";
        settings.backoffMaxText = "PT1H";
        settings.giveUpAfterText = "PT24H";
        settings.holdRecheckText = "PT1H";
        settings.store = store;
        settings.check();
        return settings;
    }

    private static DeletionDrain drain(MemoryLedger ledger, S3ObjectStore store, DeletionSettings settings,
                                       StoreCallLimit limit) {
        DeletionDrain drain = new DeletionDrain();
        drain.ledger = new NothingExpanding();
        drain.drainLedger = ledger;
        drain.store = store;
        drain.settings = settings;
        drain.storeCalls = limit;
        drain.settled = new NoEvents();
        return drain;
    }

    /** The rows here are all queued already: no owner deletion is expanding. */
    static final class NothingExpanding extends DeletionLedger {
        @Override
        public ExpandedChunk expandChunk(String bucket, int limit, Duration lease, Instant now) {
            return new ExpandedChunk(0, List.of());
        }
    }

    /** The drain's rows, claimed and settled as {@link DrainLedger} does, the retry policy deciding. */
    static final class MemoryLedger extends DrainLedger {

        static final class Row {
            final UUID id = UUID.randomUUID();
            final String key;
            String state = "deleting";
            int attempts;
            Instant failingSince;
            Instant due = Instant.EPOCH;
            Instant leasedUntil = Instant.EPOCH;

            Row(String key) {
                this.key = key;
            }
        }

        final Map<UUID, Row> rows = new LinkedHashMap<>();
        final AtomicInteger throttledBatches = new AtomicInteger();
        /** The longest any failed key was put off. */
        Duration longestWait = Duration.ZERO;
        private final UUID deletionId = UUID.randomUUID();

        MemoryLedger(List<String> keys) {
            keys.forEach(key -> {
                Row row = new Row(key);
                rows.put(row.id, row);
            });
        }

        @Override
        public synchronized List<DueKey> claimDue(String bucket, int limit, Duration lease, Instant now) {
            return rows.values().stream()
                    .filter(r -> r.state.equals("deleting") && !r.due.isAfter(now) && !r.leasedUntil.isAfter(now))
                    .sorted(Comparator.comparing(r -> r.due)).limit(limit)
                    .peek(r -> r.leasedUntil = now.plus(lease))
                    .map(r -> new DueKey(r.id, r.key, deletionId, r.attempts, r.failingSince, 1)).toList();
        }

        @Override
        public synchronized void recordOutcomes(List<KeyOutcome> outcomes, RetryPolicy retries, Instant now) {
            if (outcomes.stream().anyMatch(KeyOutcome::throttled)) {
                throttledBatches.incrementAndGet();
            }
            for (KeyOutcome outcome : outcomes) {
                Row row = rows.get(outcome.due().objectId());
                row.leasedUntil = Instant.EPOCH;
                if (outcome.deleted()) {
                    row.state = "deleted";
                    continue;
                }
                RetryPolicy.Decision decision = retries.decide(outcome, now);
                row.attempts += decision.countsAsAttempt() ? 1 : 0;
                row.failingSince = row.failingSince == null ? now : row.failingSince;
                row.state = decision.givesUp() ? "delete_failed" : "deleting";
                if (!decision.givesUp()) {
                    row.due = decision.nextAttemptAt();
                    Duration wait = Duration.between(now, row.due);
                    longestWait = wait.compareTo(longestWait) > 0 ? wait : longestWait;
                }
            }
        }
    }

    /** The settled-keys event has no observer here. */
    private static final class NoEvents implements Event<KeysSettled> {
        @Override
        public void fire(KeysSettled event) {
        }

        @Override
        public <U extends KeysSettled> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends KeysSettled> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<KeysSettled> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends KeysSettled> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends KeysSettled> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
