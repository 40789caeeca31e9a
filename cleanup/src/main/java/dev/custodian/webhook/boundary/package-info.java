/** The worker that delivers the webhook outbox: started by a timer and poked after every commit that queued events. */
package dev.custodian.webhook.boundary;
