package dev.custodian.webhook.boundary;

import dev.custodian.webhook.control.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Starts the worker once a transaction that queued events has committed: before the commit its
 * rows are invisible to the worker, and after a rollback there is nothing to send.
 */
@ApplicationScoped
public class WebhookPokes {

    @Inject
    WebhookWorker worker;

    void published(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookEvents.Published event) {
        worker.poke();
    }
}
