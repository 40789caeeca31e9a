package dev.custodian.retention.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.control.DeletionRequests;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.ledger.control.ObjectLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A processing job finished: its temporary artefacts are deleted (through the pipeline) and its
 * final outputs start their retention period. One transaction; calling it again is harmless (the
 * temporaries are already queued, the expiry is never pushed back).
 */
@ApplicationScoped
@Transactional
public class JobCompletions {

    @Inject
    DeletionRequests requests;

    @Inject
    ObjectLedger objects;

    @Inject
    RetentionSettings settings;

    @Inject
    AuditLog audit;

    public DeletionRequest complete(String jobId, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var opened = requests.open(DeletionScope.job(jobId), "job " + jobId + " completed", actor);
        DeletionRequest request = opened.request();
        int finals = objects.expireFinalOutputs(jobId, now.plus(settings.finalRetention()), now);
        audit.record(actor, "complete_job", request.id(), null, null, "queued", "job " + jobId + ": " + opened.queued()
                + " temporary objects queued for deletion, " + finals + " final objects expire in "
                + settings.finalRetention().toDays() + " days");
        return request;
    }
}
