package dev.custodian.batch.control;

/** An interrupted execution taken for restart by this instance; {@code attempt} counts from 1. */
public record PendingRestart(long executionId, String jobName, int attempt) {
}
