package dev.custodian.deletion.entity;

/** What the store said about one claimed key; {@code code} and {@code message} only on failure. */
public record KeyOutcome(DueKey due, boolean deleted, String code, String message) {
}
