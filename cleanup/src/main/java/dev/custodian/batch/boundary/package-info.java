/**
 * The supervisor that keeps this instance's liveness lock and heartbeat and resumes executions of
 * dead instances, and the one way our jobs are started and restarted.
 */
package dev.custodian.batch.boundary;
