/**
 * Quotas on the bytes a user may store. Used bytes are read from the ledger (active records plus
 * pending claims) under a lock on the user's quota row, inside the transaction that inserts the
 * claim, so concurrent uploads are checked one after the other and cannot together overshoot.
 */
package dev.custodian.quota.control;
