/** {@code /api/v1/webhooks}: registering receivers of events and reading what was delivered to them (admin). */
package dev.custodian.webhook.boundary;
