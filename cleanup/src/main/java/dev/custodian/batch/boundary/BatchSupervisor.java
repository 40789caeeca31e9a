package dev.custodian.batch.boundary;

import dev.custodian.batch.control.BatchOwnership;
import dev.custodian.batch.control.InstanceLock;
import dev.custodian.batch.control.PendingRestart;
import dev.custodian.configuration.DurationSetting;
import dev.custodian.run.control.RunFamilies;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's identity, liveness lock and heartbeat, and the recovery of batch executions whose
 * instance died. Every beat, the running executions of instances whose liveness lock is free are
 * marked FAILED and queued for restart; any instance then restarts each one with its original
 * parameters, and a restart that fails is tried again on a later beat, up to
 * {@value #RESTART_ATTEMPTS} times. A restart resumes from the last checkpoint; the jobs' writers
 * are idempotent, so the chunk in flight at the crash is safe to read again.
 */
@Singleton
@Startup
// Bean-managed, though it begins no transaction: a Jakarta Batch thread created while this bean
// starts or restarts a job may keep its context, and Payara refuses the batch runtime's
// java:comp/UserTransaction lookup in a container-managed bean's context: a step then fails at
// its start ("not allowed for Container managed Transaction beans"), seen in the test suite.
@TransactionManagement(TransactionManagementType.BEAN)
public class BatchSupervisor {

    private static final Logger LOG = Logger.getLogger(BatchSupervisor.class.getName());
    static final String TIMEOUT = "custodian.batch.instance-timeout";
    static final int RESTART_ATTEMPTS = 5;

    private final UUID instance = UUID.randomUUID();

    /** The beat is a quarter of it; also how long a failed restart waits before the next attempt. */
    @Inject
    @ConfigProperty(name = TIMEOUT, defaultValue = "PT1M")
    String timeoutSetting;

    @Inject
    BatchOwnership ownership;

    @Inject
    InstanceLock lock;

    @Inject
    JobStarter jobs;

    @Inject
    RunFamilies runs;

    @Resource
    TimerService timers;

    private Duration timeout;

    @PostConstruct
    void join() {
        timeout = DurationSetting.positive(TIMEOUT, timeoutSetting);
        lock.acquire(instance);
        ownership.register(instance, hostName());
        long beat = Math.max(1000, timeout.toMillis() / 4);
        timers.createIntervalTimer(beat, beat, new TimerConfig("batch-supervisor", false));
    }

    @PreDestroy
    void leave() {
        ownership.leave(instance);
        lock.release();
    }

    public UUID instance() {
        return instance;
    }

    @Timeout
    void beat() {
        lock.check();
        ownership.heartbeat(instance);
        ownership.failInterrupted(timeout);
        List<PendingRestart> due = ownership.takeDueRestarts(RESTART_ATTEMPTS, timeout);
        if (!due.isEmpty()) {
            restart(due);
        }
        ownership.forgetDeadInstances(timeout);
        // a run is recorded and its job started in one request: one still without a job after two
        // timeouts was left by an instance that stopped in between
        runs.failNeverStarted(Instant.now().minus(timeout.multipliedBy(2)));
    }

    /**
     * Only called when there is work: on Payara Micro 6.2025.10, a batch runtime first touched from
     * this timer made the next job started over HTTP fail its UserTransaction lookup.
     */
    private void restart(List<PendingRestart> due) {
        for (PendingRestart restart : due) {
            String what = restart.jobName() + " execution " + restart.executionId();
            try {
                long restarted = jobs.restart(restart.executionId());
                ownership.restarted(restart, "restarted as execution " + restarted);
                LOG.warning(() -> what + " was interrupted (its instance stopped); restarted as execution "
                        + restarted);
            } catch (JobExecutionNotMostRecentException | JobExecutionAlreadyCompleteException e) {
                // an instance that restarted it died before it could say so
                ownership.restarted(restart, "already restarted: " + e.getMessage());
                LOG.info(() -> what + " was already restarted");
            } catch (RuntimeException e) {
                boolean last = restart.attempt() >= RESTART_ATTEMPTS;
                ownership.restartFailed(restart, String.valueOf(e.getMessage()), last);
                if (last) {
                    runs.failRunOf(restart.jobName(), jobs.parameters(restart.executionId()),
                            what + " was interrupted and could not be restarted (" + e.getMessage()
                                    + "); restart it by hand to go on");
                }
                LOG.log(last ? Level.SEVERE : Level.WARNING, what + " was interrupted and could not be restarted"
                        + " (attempt " + restart.attempt() + " of " + RESTART_ATTEMPTS + ")"
                        + (last ? "; giving up, restart it by hand" : "; trying again in " + timeout), e);
            }
        }
    }
    private static String hostName() {
        String pid = Long.toString(ProcessHandle.current().pid());
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + pid;
        } catch (UnknownHostException e) {
            return "unknown/" + pid;
        }
    }
}
