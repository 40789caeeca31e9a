/**
 * The {@code pending-uploads} batch job: pages through pending records older than the pending TTL
 * (checkpoint = last id) and adopts or drops each one, then aborts multipart uploads as old.
 */
package dev.custodian.pending.batch;
