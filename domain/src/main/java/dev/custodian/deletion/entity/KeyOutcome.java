package dev.custodian.deletion.entity;

/**
 * What the store said about one claimed key; {@code code} and {@code message} only on failure,
 * where {@code transientFailure} tells an outage of the store from a refusal of the key.
 */
public record KeyOutcome(DueKey due, boolean deleted, String code, String message, boolean transientFailure) {
}
