/** The audit trail over HTTP. */
package dev.custodian.audit.boundary;
