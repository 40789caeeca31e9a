package dev.custodian.ledger.entity;

import java.util.List;
import java.util.UUID;

/**
 * One chunk of an owner's rows a deletion took: how many, the last id (the deletion's cursor;
 * null when none), the rows taken over and leased to the caller to drain now (the others wait for
 * their replace upload's bytes), and the active rows it sends to the store unclaimed.
 */
public record TakenChunk(int taken, UUID last, List<LeasedRow> leased, List<UnclaimedRow> unclaimed) {
}
