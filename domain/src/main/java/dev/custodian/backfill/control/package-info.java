/** Backfill: adopting objects the bucket held before the ledger knew them, read by the key layout. */
package dev.custodian.backfill.control;
