/**
 * Usage read straight from the ledger: sums over active records by user, project, file type or
 * retention class, and a user's bytes stored day by day. Partial covering indexes (V17) make the
 * sums index-only scans, so no aggregate has to be kept in step with every state change.
 */
package dev.custodian.usage.control;
