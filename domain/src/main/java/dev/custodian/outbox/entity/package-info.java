/** The outboxes' row states. */
package dev.custodian.outbox.entity;
