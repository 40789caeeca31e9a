/** The timer that deletes objects whose retention period is over. */
package dev.custodian.retention.boundary;
