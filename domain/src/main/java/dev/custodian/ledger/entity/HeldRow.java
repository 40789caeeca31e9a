package dev.custodian.ledger.entity;

import java.time.Instant;
import java.util.UUID;

/** A leased row whose key Object Lock keeps: why ({@code code}, {@code message}) and when to look again. */
public record HeldRow(UUID id, Instant until, String code, String message) {
}
