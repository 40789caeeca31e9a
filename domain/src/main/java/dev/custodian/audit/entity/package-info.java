/** The append-only audit trail: one {@link dev.custodian.audit.entity.AuditEvent} per destructive action. */
package dev.custodian.audit.entity;
