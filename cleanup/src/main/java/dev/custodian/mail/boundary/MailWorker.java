package dev.custodian.mail.boundary;

import dev.custodian.mail.control.MailDispatcher;
import dev.custodian.scheduling.OutboxDrain;
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
 * Sends the mail outbox until nothing is due: started by a timer and by every commit that queued a
 * mail. Its own worker, not the webhooks': an SMTP server that hangs must not hold up webhooks.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MailWorker {

    private static final Logger LOG = Logger.getLogger(MailWorker.class.getName());

    @Inject
    MailDispatcher dispatcher;

    private OutboxDrain drain;

    @PostConstruct
    void prepare() {
        drain = new OutboxDrain("mail worker", LOG, dispatcher::sendDue, dispatcher::prune);
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false, info = "mail-worker")
    public void tick() {
        drain.run();
    }

    /** Starts a run now (in the background) unless one is going on. */
    @Asynchronous
    public void poke() {
        drain.run();
    }
}
