package dev.custodian.deletion.boundary;

import dev.custodian.deletion.control.DeletionCompletion;
import dev.custodian.deletion.control.DeletionDrain;
import dev.custodian.deletion.control.DeletionSettings;
import dev.custodian.scheduling.OneRunAtATime;
import jakarta.annotation.Resource;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Runs drain rounds and completion steps until nothing is due. A timer starts it every few
 * seconds and each deletion request pokes it, so work starts at once and a missed poke costs at
 * most one tick. One run at a time per instance; other instances run alongside safely, since
 * every claim is a row lease in PostgreSQL. Nothing is held in memory between runs.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeletionWorker {

    private static final Logger LOG = Logger.getLogger(DeletionWorker.class.getName());
    /** A run yields after this long, so timer ticks never pile up behind one huge deletion. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(50);

    private final OneRunAtATime runs = new OneRunAtATime("deletion worker", LOG);

    @Inject
    DeletionDrain drain;

    @Inject
    DeletionCompletion completion;

    @Inject
    DeletionSettings settings;

    /**
     * The container's default managed executor runs one task at a time here (no core threads,
     * unbounded queue), so the drain loops get threads of their own from the managed factory.
     */
    @Resource
    ManagedThreadFactory threads;

    private ExecutorService loops;

    @PostConstruct
    void openLoops() {
        loops = Executors.newFixedThreadPool(settings.parallelism(), threads);
    }

    @PreDestroy
    void closeLoops() {
        loops.shutdownNow();
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false, info = "deletion-worker")
    public void tick() {
        run();
    }

    /** Starts a run now (in the background) unless one is going on. */
    @Asynchronous
    public void poke() {
        run();
    }

    private void run() {
        runs.run(() -> {
            Instant deadline = Instant.now().plus(RUN_BUDGET);
            boolean progressed = true;
            while (progressed && Instant.now().isBefore(deadline)) {
                drain.resumeAfterOutage();
                drain.releaseDueHolds();
                long drained = drainInParallel(deadline);
                int advanced = completion.advance();
                progressed = drained > 0 || advanced > 0;
            }
        });
    }

    /**
     * {@code parallelism} drain loops side by side, each batch after batch until nothing is due:
     * the store sees at most that many DeleteObjects requests at once, and one loop's database
     * work overlaps the others' store requests. A batch is an owner deletion's next chunk while
     * one is expanding, so the rows arrive as fast as they are drained.
     */
    private long drainInParallel(Instant deadline) throws InterruptedException, ExecutionException {
        List<Future<Long>> running = new ArrayList<>();
        for (int i = 0; i < settings.parallelism(); i++) {
            running.add(loops.submit(() -> {
                long settled = 0;
                int batch;
                while (Instant.now().isBefore(deadline) && (batch = drain.drainBatch()) > 0) {
                    settled += batch;
                }
                return settled;
            }));
        }
        long settled = 0;
        for (Future<Long> loop : running) {
            settled += loop.get();
        }
        return settled;
    }
}
