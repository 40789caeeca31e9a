package dev.custodian.mail.control;

import dev.custodian.deletion.control.DeletionReads;
import dev.custodian.mail.entity.Mail;
import dev.custodian.webhook.control.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;

/**
 * Queues the summary mails: one for each announced cleanup, maintenance run and threshold
 * crossing, in the transaction that announces it (so a mail goes for what committed, and only for
 * that), and the daily digest of deletions. Nothing while mail is off.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class MailSummaries {

    static final String DIGEST = "deletions.digest";
    /** The span of deletions one digest reports: the day before its tick. */
    static final Duration DIGEST_SPAN = Duration.ofDays(1);

    /** Fired when a mail was queued, so the sender can start once the transaction commits. */
    public record Queued(String kind) {
    }

    @Inject
    MailSettings settings;

    @Inject
    MailOutbox outbox;

    @Inject
    DeletionReads deletions;

    @Inject
    Event<Queued> queued;

    void announced(@Observes WebhookEvents.Announced event) {
        if (settings.enabled()) {
            SummaryTexts.ofEvent(event.type(), event.data(), settings.consoleUrl())
                    .ifPresent(mail -> queue(event.type(), event.eventId().toString(), mail));
        }
    }

    /**
     * Queues the digest of the deletions that finished in the day before {@code tick}; once per
     * tick, whichever instance asks. Returns whether this call queued it.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean digest(Instant tick) {
        if (!settings.enabled()) {
            return false;
        }
        return queue(DIGEST, DIGEST + ":" + tick,
                SummaryTexts.digest(deletions.finishedBetween(tick.minus(DIGEST_SPAN), tick), settings.consoleUrl()));
    }

    private boolean queue(String kind, String reportKey, Mail mail) {
        boolean added = outbox.queue(kind, reportKey, mail);
        if (added) {
            queued.fire(new Queued(kind));
        }
        return added;
    }
}
