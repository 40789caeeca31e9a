/**
 * Email summaries: the texts of what happened (cleanups, maintenance runs, threshold crossings, the
 * daily digest of deletions), queued in the {@code mail_outbox} with the change they report and sent
 * over SMTP from there, outside any transaction, retried with backoff. Nothing is queued while
 * {@code custodian.mail.host} is unset.
 */
package dev.custodian.mail.control;
