package dev.custodian.pending.batch;

import dev.custodian.upload.control.PendingUploads;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The job's second step: multipart uploads older than the pending TTL are aborted. */
@Named("staleMultipartBatchlet")
@Dependent
public class StaleMultipartBatchlet extends AbstractBatchlet {

    @Inject
    PendingUploads pendingUploads;

    @Override
    public String process() {
        return "aborted=" + pendingUploads.abortStaleMultipartUploads();
    }
}
