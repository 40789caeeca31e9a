package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionPlan;
import dev.custodian.deletion.entity.DeletionPlan.PlannedKey;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Answers "what would deleting this owner remove?" without changing anything: the ledger's live
 * rows, plus what a listing finds under the owner's prefixes that no live row holds.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class DeletionPlanner {

    /** The most keys a plan lists by name in each list. */
    public static final int LISTED = 1000;
    private static final int LOOKUP_BATCH = 1000;

    @Inject
    DeletionLedger ledger;

    @Inject
    OwnerKeys ownerKeys;

    @Inject
    ObjectStore store;

    @Inject
    DeletionRequests requests;

    /** The plan of the owner the caller names, resolved as a deletion request resolves it. */
    public DeletionPlan plan(DeletionScope named) {
        DeletionScope scope = requests.resolveOwner(named);
        var live = ledger.liveRows(scope, store.bucket(), LISTED);
        List<PlannedKey> tracked = live.rows().stream()
                .map(row -> new PlannedKey(row.key(), row.sizeBytes(), row.id())).toList();
        List<PlannedKey> untracked = new ArrayList<>();
        List<String> ambiguous = new ArrayList<>();
        long[] untrackedTotals = {0, 0};
        List<ObjectInfo> pending = new ArrayList<>();
        Runnable lookUp = () -> {
            Set<String> known = ledger.tracked(store.bucket(), pending.stream().map(ObjectInfo::key).toList());
            for (ObjectInfo info : pending) {
                if (!known.contains(info.key())) {
                    untrackedTotals[0]++;
                    untrackedTotals[1] += Math.max(0, info.sizeBytes());
                    if (untracked.size() < LISTED) {
                        untracked.add(new PlannedKey(info.key(), info.sizeBytes(), null));
                    }
                }
            }
            pending.clear();
        };
        ownerKeys.list(scope, info -> {
            pending.add(info);
            if (pending.size() == LOOKUP_BATCH) {
                lookUp.run();
            }
        }, key -> {
            if (ambiguous.size() < LISTED) {
                ambiguous.add(key);
            }
        });
        lookUp.run();
        boolean truncated = live.count() > tracked.size() || untrackedTotals[0] > untracked.size();
        return new DeletionPlan(tracked, untracked, ambiguous, live.count() + untrackedTotals[0],
                live.bytes() + untrackedTotals[1], truncated);
    }
}
