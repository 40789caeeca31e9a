/**
 * What the two outboxes (webhook deliveries, mails) share: rows claimed as leases with
 * {@code SKIP LOCKED}, each attempt's outcome recorded with a backoff, settled rows pruned by age.
 */
package dev.custodian.outbox.control;
