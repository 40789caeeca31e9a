package dev.custodian.retention.batch;

import dev.custodian.retention.control.RetentionSweeps;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Hands out the objects the enabled policies match, policy after policy in name order, each by
 * id. A restarted step reads every policy again from its start and keeps no checkpoint: the job
 * repository commits a checkpoint on its own connection before the chunk's transaction commits,
 * so a process killed between the two came back past a chunk whose queueing was lost (500 matches
 * never queued, in RetentionSweepCrashIT). Reading again costs only the matches left: a queued
 * object is no longer active, and a planned quarantine move is not planned twice.
 */
@Named("policyMatchReader")
@Dependent
public class PolicyMatchReader extends AbstractItemReader {

    private static final int PAGE = 500;

    @Inject
    RetentionSweeps sweeps;

    @Inject
    StepContext step;

    private List<String> policies;
    private int index;
    private UUID after;
    private boolean quarantine;
    private final Deque<UUID> buffered = new ArrayDeque<>();

    @Override
    public void open(Serializable checkpoint) {
        policies = sweeps.enabledPolicies();
    }

    @Override
    public Object readItem() {
        if (RetentionQueueWriter.CAP_REACHED.equals(step.getTransientUserData())) {
            return null;
        }
        while (buffered.isEmpty()) {
            if (index >= policies.size()) {
                return null;
            }
            List<UUID> page = sweeps.matches(policies.get(index), after, PAGE);
            if (page.isEmpty()) {
                index++;
                after = null;
            } else {
                quarantine = sweeps.quarantines(policies.get(index));
                buffered.addAll(page);
            }
        }
        after = buffered.poll();
        return new PolicyMatch(after, policies.get(index), quarantine);
    }
}
