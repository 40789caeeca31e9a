package dev.custodian.ledger.entity;

import java.util.List;
import java.util.UUID;

/**
 * One chunk of an owner's rows a deletion took over: how many, the last id (the deletion's
 * cursor; null when none), and those leased to the caller to drain now (the others wait for
 * their replace upload's bytes).
 */
public record TakenChunk(int taken, UUID last, List<LeasedRow> leased) {
}
