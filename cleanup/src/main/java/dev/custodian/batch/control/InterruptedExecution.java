package dev.custodian.batch.control;

/** A batch execution whose instance died; already marked FAILED, to be restarted. */
public record InterruptedExecution(long executionId, String jobName) {
}
