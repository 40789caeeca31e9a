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
 * id. A restarted step resumes after the last id of the checkpointed policy.
 */
@Named("policyMatchReader")
@Dependent
public class PolicyMatchReader extends AbstractItemReader {

    private static final int PAGE = 500;

    /** Where the reader stands: the policy and the last id handed out of it. */
    record Position(String policy, UUID after) implements Serializable {
    }

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
        if (checkpoint instanceof Position position && position.policy() != null) {
            // a policy deleted since the checkpoint: carry on with the next name after it
            index = (int) policies.stream().filter(name -> name.compareTo(position.policy()) < 0).count();
            after = index < policies.size() && policies.get(index).equals(position.policy()) ? position.after() : null;
        }
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

    @Override
    public Serializable checkpointInfo() {
        return new Position(index < policies.size() ? policies.get(index) : null, after);
    }
}
