/**
 * Webhooks: who is told about which events ({@link dev.custodian.webhook.entity.Webhook}), the
 * events there are ({@link dev.custodian.webhook.entity.WebhookEventType}) and what became of each
 * delivery ({@link dev.custodian.webhook.entity.WebhookDelivery}).
 */
package dev.custodian.webhook.entity;
