package dev.custodian.webhook.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * One event on its way to one webhook. {@code pending} until a receiver answered 2xx
 * ({@code delivered}) or every attempt failed ({@code failed}); {@code lastStatus} is null when the
 * receiver gave no HTTP answer at all (refused, timed out), and {@code lastError} says why.
 */
public record WebhookDelivery(long id, UUID eventId, String eventType, String state, int attempts,
                              Integer lastStatus, String lastError, Instant createdAt, Instant nextAttemptAt,
                              Instant deliveredAt) {
}
