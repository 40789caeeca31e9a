package dev.custodian.mail.control;

import dev.custodian.mail.entity.Mail;
import dev.custodian.outbox.control.OutboxBackoff;
import dev.custodian.outbox.control.OutboxRows;
import dev.custodian.outbox.entity.DeliveryState;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The {@code mail_outbox} table, an outbox of {@link OutboxRows}. Each mail has a key of what it
 * reports (an event's id, a digest's tick) that is unique: two instances that both queue the same
 * report queue one mail.
 */
@ApplicationScoped
@Transactional
public class MailOutbox {

    private static final OutboxRows ROWS = new OutboxRows("mail_outbox", false);

    @Inject
    LedgerSql sql;

    /** A claimed mail; {@code messageId} is the same on every attempt, so a receiver can tell a repeat. */
    public record Due(long id, String reportKey, Mail mail, int attempts, Instant createdAt) {

        public String messageId() {
            return "<custodian." + id + "." + createdAt.toEpochMilli() + "@custodian.invalid>";
        }
    }

    /** Queues the mail in the caller's transaction unless one of the same report is queued; returns whether it was. */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean queue(String kind, String reportKey, Mail mail) {
        Instant now = Instant.now();
        return sql.update("INSERT INTO mail_outbox (kind, report_key, subject, body, state, next_attempt_at, created_at)"
                + " VALUES (?, ?, ?, ?, " + quoted(DeliveryState.PENDING) + ", ?, ?) ON CONFLICT (report_key) DO NOTHING", s -> {
            s.setString(1, kind);
            s.setString(2, reportKey);
            s.setString(3, mail.subject());
            s.setString(4, mail.body());
            s.setTimestamp(5, Timestamp.from(now));
            s.setTimestamp(6, Timestamp.from(now));
        }) == 1;
    }

    /** Up to {@code limit} due mails, oldest due first, leased until {@code leaseUntil}. */
    public List<Due> claim(int limit, Instant now, Instant leaseUntil) {
        return ROWS.claim(sql, "m", "WHERE m.id IN", "m.id, m.report_key, m.subject, m.body, m.attempts, m.created_at",
                now, leaseUntil, limit, rows -> new Due(rows.getLong(1), rows.getString(2),
                        new Mail(rows.getString(3), rows.getString(4)), rows.getInt(5), rows.getTimestamp(6).toInstant()));
    }

    /** Records one attempt (see {@link OutboxRows#record}); returns when it is tried again, if it is. */
    public Instant record(Due due, boolean sent, String error, OutboxBackoff backoff) {
        return ROWS.record(sql, due.id(), due.attempts(), sent, null, error, backoff);
    }

    public int prune(Instant before) {
        return ROWS.prune(sql, before);
    }
}
