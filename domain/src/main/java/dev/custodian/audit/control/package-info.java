/** Writing and reading the audit trail; every write joins the caller's transaction. */
package dev.custodian.audit.control;
