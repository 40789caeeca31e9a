package dev.custodian.webhook.boundary;

import dev.custodian.scheduling.OutboxDrain;
import dev.custodian.webhook.control.WebhookDispatcher;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Delivers the webhook outbox until nothing is due. A timer starts it every few seconds and every
 * commit that queued an event pokes it, so a delivery leaves at once and a missed poke costs at
 * most one tick. What is due lives in PostgreSQL, so it survives a restart (see {@link OutboxDrain}).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookWorker {

    private static final Logger LOG = Logger.getLogger(WebhookWorker.class.getName());

    @Inject
    WebhookDispatcher dispatcher;

    private OutboxDrain drain;

    @PostConstruct
    void prepare() {
        drain = new OutboxDrain("webhook worker", LOG, dispatcher::deliverDue, dispatcher::prune);
    }

    @Schedule(hour = "*", minute = "*", second = "*/3", persistent = false, info = "webhook-worker")
    public void tick() {
        drain.run();
    }

    /** Starts a run now (in the background) unless one is going on. */
    @Asynchronous
    public void poke() {
        drain.run();
    }
}
