/**
 * Webhooks kept, events published into the outbox in the transaction of the change they announce,
 * and the outbox delivered: signed, retried with backoff, at least once.
 */
package dev.custodian.webhook.control;
