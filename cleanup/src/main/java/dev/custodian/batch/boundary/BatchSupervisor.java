package dev.custodian.batch.boundary;

import dev.custodian.batch.control.BatchOwnership;
import dev.custodian.batch.control.InterruptedExecution;
import dev.custodian.configuration.DurationSetting;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's identity and heartbeat, and the recovery of batch executions whose instance
 * died: every beat, executions whose owner has been silent for {@code custodian.batch.instance-timeout}
 * are marked FAILED and restarted here with their original parameters. A restart resumes from the
 * last checkpoint; the jobs' writers are idempotent, so the chunk in flight at the crash is safe to
 * read again.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BatchSupervisor {

    private static final Logger LOG = Logger.getLogger(BatchSupervisor.class.getName());
    static final String TIMEOUT = "custodian.batch.instance-timeout";

    private final UUID instance = UUID.randomUUID();

    @Inject
    @ConfigProperty(name = TIMEOUT, defaultValue = "PT1M")
    String timeoutSetting;

    @Inject
    BatchOwnership ownership;

    @Resource
    TimerService timers;

    private Duration timeout;

    @PostConstruct
    void join() {
        timeout = DurationSetting.positive(TIMEOUT, timeoutSetting);
        ownership.register(instance, hostName());
        long beat = Math.max(1000, timeout.toMillis() / 4);
        timers.createIntervalTimer(beat, beat, new TimerConfig("batch-supervisor", false));
    }

    @PreDestroy
    void leave() {
        ownership.leave(instance);
    }

    public UUID instance() {
        return instance;
    }

    @Timeout
    void beat() {
        ownership.heartbeat(instance);
        List<InterruptedExecution> interrupted = ownership.failInterrupted(timeout);
        if (!interrupted.isEmpty()) {
            restart(interrupted);
        }
        ownership.forgetDeadInstances(timeout);
    }

    /**
     * Only called when there is work: on Payara Micro 6.2025.10, a batch runtime first touched from
     * this timer made the next job started over HTTP fail its UserTransaction lookup.
     */
    private void restart(List<InterruptedExecution> interrupted) {
        JobOperator operator = BatchRuntime.getJobOperator();
        for (InterruptedExecution execution : interrupted) {
            try {
                long restarted = operator.restart(execution.executionId(), operator.getParameters(execution.executionId()));
                LOG.warning(() -> execution.jobName() + " execution " + execution.executionId()
                        + " was interrupted (its instance stopped); restarted as execution " + restarted);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, execution.jobName() + " execution " + execution.executionId()
                        + " was interrupted and could not be restarted", e);
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
