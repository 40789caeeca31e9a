/**
 * The {@code pending-uploads} batch job: pages through pending records older than the pending TTL
 * (checkpoint = last id) and adopts or drops each one.
 */
package dev.custodian.pending.batch;
