package dev.custodian.mail.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Sends due mails, one at a time: mails are few, and one exchange at a time keeps a claim's lease
 * simple to bound. The claim and the outcome are short transactions of their own; the SMTP
 * exchange runs outside any transaction. The lease outlasts the slowest exchange the timeouts
 * allow (each connect, read and write is limited), so no second instance sends a mail that is still
 * being sent; only a sender that dies after the server took the mail and before recording it sends
 * it again, with the same {@code Message-ID}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class MailDispatcher {

    private static final Logger LOG = Logger.getLogger(MailDispatcher.class.getName());
    /** Round trips of one exchange besides one per recipient: greeting, EHLO, STARTTLS and EHLO, AUTH, MAIL, DATA, QUIT. */
    private static final int ROUND_TRIPS = 12;

    @Inject
    MailOutbox outbox;

    @Inject
    MailSettings settings;

    /** Sends the next due mail, if any, and records the outcome; returns how many it tried (0 or 1). */
    public int sendDue() {
        if (!settings.enabled()) {
            return 0;
        }
        Instant now = Instant.now();
        Duration lease = settings.timeout().multipliedBy(ROUND_TRIPS + settings.to().size());
        List<MailOutbox.Due> due = outbox.claim(1, now, now.plus(lease));
        for (MailOutbox.Due mail : due) {
            String error = send(mail);
            Instant retryAt = outbox.record(mail, error == null, error, settings.backoff());
            if (error != null) {
                LOG.warning(() -> "mail " + mail.id() + " (" + mail.reportKey() + "): attempt " + mail.attempts()
                        + " failed: " + error + (retryAt == null ? "; giving up" : "; again at " + retryAt));
            }
        }
        return due.size();
    }

    /** Removes sent and failed mails older than the outbox keeps them. */
    public int prune() {
        return outbox.prune(Instant.now().minus(MailSettings.KEEP_SETTLED));
    }

    /** Null when the server took the mail, else why not. */
    private String send(MailOutbox.Due due) {
        try {
            MimeMessage message = new MimeMessage(session()) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", due.messageId());
                }
            };
            message.setFrom(settings.from());
            message.setRecipients(Message.RecipientType.TO, settings.to().toArray(InternetAddress[]::new));
            message.setSubject(due.mail().subject(), StandardCharsets.UTF_8.name());
            message.setText(due.mail().body(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            if (settings.user().isPresent()) {
                Transport.send(message, settings.user().get(), settings.password().orElse(""));
            } else {
                Transport.send(message);
            }
            return null;
        } catch (MessagingException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private Session session() {
        String millis = Long.toString(settings.timeout().toMillis());
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", settings.host());
        properties.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        properties.setProperty("mail.smtp.connectiontimeout", millis);
        properties.setProperty("mail.smtp.timeout", millis);
        properties.setProperty("mail.smtp.writetimeout", millis);
        properties.setProperty("mail.smtp.auth", Boolean.toString(settings.user().isPresent()));
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
        return Session.getInstance(properties);
    }
}
