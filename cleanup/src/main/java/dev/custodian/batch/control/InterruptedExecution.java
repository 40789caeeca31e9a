package dev.custodian.batch.control;

/**
 * A running batch execution whose instance died, already ended: FAILED, to be restarted, or, when
 * it was stopping, STOPPED.
 */
public record InterruptedExecution(long executionId, String jobName, boolean restart) {
}
