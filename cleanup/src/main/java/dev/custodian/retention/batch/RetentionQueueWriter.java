package dev.custodian.retention.batch;

import dev.custodian.retention.control.RetentionSweeps;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.UUID;

/**
 * Queues each chunk into the run's deletion. At {@code max_delete} it stops the step with an exit
 * status that says so; the reader sees the mark and reads no further.
 */
@Named("retentionQueueWriter")
@Dependent
public class RetentionQueueWriter extends AbstractItemWriter {

    static final String CAP_REACHED = "max_delete reached";

    @Inject
    RetentionSweeps sweeps;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty(name = "deletionId")
    String deletionId;

    @Inject
    @BatchProperty(name = "maxDelete")
    String maxDelete;

    @Override
    public void writeItems(List<Object> items) {
        UUID deletion = UUID.fromString(deletionId);
        long cap = Long.parseLong(maxDelete);
        sweeps.queue(deletion, items.stream().map(UUID.class::cast).toList(), cap);
        long queued = sweeps.queuedSoFar(deletion);
        if (queued >= cap) {
            step.setTransientUserData(CAP_REACHED);
            step.setExitStatus("stopped: max_delete " + cap + " reached, " + queued + " queued");
        } else {
            step.setExitStatus(queued + " queued");
        }
    }
}
