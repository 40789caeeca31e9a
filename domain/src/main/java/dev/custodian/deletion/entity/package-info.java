/**
 * Deletion requests: what is to be deleted (the scope), why and by whom, and how far it has got.
 * Per-key progress lives on the ledger rows ({@code state}, {@code deletion_id}), so counters are
 * always derived, never kept twice.
 */
package dev.custodian.deletion.entity;
