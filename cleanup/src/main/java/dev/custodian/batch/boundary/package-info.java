/** The supervisor that keeps this instance's heartbeat and resumes executions of dead instances. */
package dev.custodian.batch.boundary;
