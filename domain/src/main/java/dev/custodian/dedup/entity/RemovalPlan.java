package dev.custodian.dedup.entity;

import dev.custodian.ledger.entity.KeepRule;

import java.util.List;
import java.util.UUID;

/**
 * What a removal keeps and deletes, group by group: a dry run's with its {@code confirmationToken},
 * a real run's with the {@code deletionId} that deletes the copies.
 */
public record RemovalPlan(String userId, boolean dryRun, String confirmationToken, UUID deletionId,
                          List<KeepRule.Verdict> groups) {

    public long deleteCount() {
        return groups.stream().mapToLong(g -> g.removed().size()).sum();
    }

    public long reclaimableBytes() {
        return groups.stream().mapToLong(KeepRule.Verdict::reclaimableBytes).sum();
    }
}
