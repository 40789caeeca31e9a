/** The two-way reconcile of bucket and ledger: runs, their findings (staged listing, diff), the actions and the quarantine. */
package dev.custodian.maintenance.control;
