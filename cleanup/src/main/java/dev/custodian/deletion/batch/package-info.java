/** The batch job that purges the proof of long-deleted keys ({@code deleted_object}, job {@code ledger-purge}). */
package dev.custodian.deletion.batch;
