package dev.custodian.run.entity;

import dev.custodian.inventory.entity.Inventory;

/**
 * What a run's scan step reads: the listing under {@code keyPrefix}, or the checked inventory
 * report; from the start ({@code resumeAfter} null) or on after the position the run's last
 * committed chunk recorded.
 */
public record RunScan(String keyPrefix, Inventory inventory, String resumeAfter) {
}
