package dev.custodian.run.entity;

import dev.custodian.inventory.entity.Inventory;

/** What a run's scan step reads: the listing under {@code keyPrefix}, or the checked inventory report. */
public record RunScan(String keyPrefix, Inventory inventory) {
}
