package dev.custodian.deletion.entity;

/** The last error of a key that failed to delete. */
public record KeyError(String key, String code, String message) {
}
