package dev.custodian.ledger.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * A leased row whose key the store did not delete, and what follows: another attempt at
 * {@code nextAttemptAt} (counted or not), or {@code delete_failed} when it {@code givesUp};
 * {@code waitingForStore} when the store's return, not the time, should make it due.
 */
public record FailedRow(UUID id, String code, String message, boolean countsAsAttempt, boolean givesUp,
                        Instant nextAttemptAt, boolean waitingForStore) {
}
