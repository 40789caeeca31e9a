/** The two-way reconcile of bucket and ledger: runs, the staged listing, the diff and the actions. */
package dev.custodian.maintenance.control;
