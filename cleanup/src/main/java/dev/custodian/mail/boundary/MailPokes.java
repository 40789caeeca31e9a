package dev.custodian.mail.boundary;

import dev.custodian.mail.control.MailSummaries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/** Starts the mail worker once a transaction that queued a mail has committed (before, the row is invisible to it). */
@ApplicationScoped
public class MailPokes {

    @Inject
    MailWorker worker;

    void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailSummaries.Queued mail) {
        worker.poke();
    }
}
