/** Maintenance runs, their findings and the quarantine, as values. */
package dev.custodian.maintenance.entity;
