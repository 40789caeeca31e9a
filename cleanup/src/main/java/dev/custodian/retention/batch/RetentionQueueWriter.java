package dev.custodian.retention.batch;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.maintenance.control.Quarantine;
import dev.custodian.maintenance.control.QuarantineIntents;
import dev.custodian.retention.control.RetentionSweeps;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Queues each chunk's matches into the run's deletion, or plans their move to the quarantine when
 * their policy says so: the plan (an intent per object) commits with the chunk, and the next step
 * moves the bytes outside any transaction ({@link QuarantineMovesBatchlet}). At {@code max_delete}
 * (deleted and quarantined together) it stops the step with an exit status that says so; the
 * reader sees the mark and reads no further.
 */
@Named("retentionQueueWriter")
@Dependent
public class RetentionQueueWriter extends AbstractItemWriter {

    static final String CAP_REACHED = "max_delete reached";

    @Inject
    RetentionSweeps sweeps;

    @Inject
    Quarantine quarantine;

    @Inject
    QuarantineIntents intents;

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
        List<PolicyMatch> matches = items.stream().map(PolicyMatch.class::cast).toList();
        long quarantined = quarantine.quarantinedBy(deletion);
        sweeps.queue(deletion, matches.stream().filter(m -> !m.quarantine()).map(PolicyMatch::objectId).toList(),
                cap - quarantined);
        Map<String, List<UUID>> toQuarantine = matches.stream().filter(PolicyMatch::quarantine).collect(
                Collectors.groupingBy(PolicyMatch::policy, LinkedHashMap::new,
                        Collectors.mapping(PolicyMatch::objectId, Collectors.toList())));
        for (Map.Entry<String, List<UUID>> policy : toQuarantine.entrySet()) {
            long room = cap - sweeps.queuedSoFar(deletion) - quarantine.quarantinedBy(deletion);
            intents.intendTracked(deletion, policy.getKey(), policy.getValue(), room, AuditLog.SYSTEM);
        }
        long queued = sweeps.queuedSoFar(deletion);
        quarantined = quarantine.quarantinedBy(deletion);
        String done = queued + " queued, " + quarantined + " quarantined";
        if (queued + quarantined >= cap) {
            step.setTransientUserData(CAP_REACHED);
            step.setExitStatus("stopped: max_delete " + cap + " reached, " + done);
        } else {
            step.setExitStatus(done);
        }
    }
}
