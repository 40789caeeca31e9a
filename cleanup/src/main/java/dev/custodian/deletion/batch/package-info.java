/** The batch job that purges long-deleted rows from the ledger ({@code ledger-purge}). */
package dev.custodian.deletion.batch;
