package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionCounts;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.webhook.control.WebhookEvents;
import dev.custodian.webhook.entity.WebhookEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the webhooks that a deletion finished, in the transaction that finishes it:
 * {@code deletion.completed} when it is clean, {@code deletion.failed} when keys failed or remain.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DeletionAnnouncements {

    @Inject
    WebhookEvents events;

    public void finished(DeletionRequest request, DeletionCounts counts) {
        // keys Object Lock holds are not failures: they go when the hold ends
        boolean clean = request.state() == DeletionState.COMPLETED || request.state() == DeletionState.COMPLETED_WITH_HOLDS;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deletion_id", request.id());
        data.put("scope", request.scope().fields());
        data.put("state", request.state().wireName());
        data.put("reason", request.reason());
        data.put("requested_by", request.requestedBy());
        data.put("records_only", request.recordsOnly());
        data.put("total", counts.total());
        data.put("deleted", counts.deleted());
        data.put("failed", counts.failed());
        data.put("held", counts.held());
        data.put("bytes_reclaimed", request.recordsOnly() ? 0 : counts.bytesReclaimed());
        data.put("remaining_keys", request.remainingKeys() == null ? 0 : request.remainingKeys().size());
        data.put("created_at", request.createdAt());
        data.put("started_at", request.startedAt());
        data.put("finished_at", request.finishedAt());
        events.publish((clean ? WebhookEventType.DELETION_COMPLETED : WebhookEventType.DELETION_FAILED).wireName(),
                data);
    }
}
