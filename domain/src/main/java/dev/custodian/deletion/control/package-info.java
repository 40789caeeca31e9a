/**
 * The deletion pipeline: one short transaction to request (tombstone, rows to {@code deleting}),
 * a drain that claims due rows with {@code FOR UPDATE SKIP LOCKED} and deletes them in store
 * batches outside any transaction, and a completion step that sweeps untracked keys and verifies.
 */
package dev.custodian.deletion.control;
