package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.ProjectFiles;
import dev.custodian.deletion.entity.ProjectVerification;
import dev.custodian.objectstore.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A project as the ledger and the bucket each hold it: the console's side-by-side view, and the
 * check that nothing of a deleted project is left. Reads only: the listing under the owner's
 * prefixes (every layout, {@link OwnerKeys}) and the project's live rows.
 */
@ApplicationScoped
public class ProjectComparison {

    /** The most keys either side of the view shows. */
    static final int VIEW_LIMIT = 10_000;

    @Inject
    DeletionLedger ledger;

    @Inject
    OwnerKeys ownerKeys;

    @Inject
    ObjectStore store;

    /** What each side holds, up to {@link #VIEW_LIMIT} keys each, and where they differ. */
    public ProjectFiles files(String projectId, DeletionScope scope) {
        var live = ledger.liveRows(scope, store.bucket(), VIEW_LIMIT);
        Set<String> tracked = new LinkedHashSet<>();
        live.rows().forEach(row -> tracked.add(row.key()));
        Set<String> inBucket = new LinkedHashSet<>();
        List<String> ambiguous = new ArrayList<>();
        boolean[] truncated = {live.count() > tracked.size()};
        ownerKeys.list(scope, info -> {
            if (inBucket.size() < VIEW_LIMIT) {
                inBucket.add(info.key());
            } else {
                truncated[0] = true;
            }
        }, key -> {
            if (ambiguous.size() < VIEW_LIMIT) {
                ambiguous.add(key);
            }
        });
        List<String> onlyTracked = tracked.stream().filter(k -> !inBucket.contains(k)).toList();
        List<String> onlyInBucket = inBucket.stream().filter(k -> !tracked.contains(k)).toList();
        return new ProjectFiles(projectId, List.copyOf(tracked), List.copyOf(inBucket), onlyTracked, onlyInBucket,
                ambiguous, truncated[0]);
    }

    /** Whether anything of the project is left: the first keys still in the bucket, and how many live records. */
    public ProjectVerification verify(String projectId, DeletionScope scope) {
        List<String> remaining = new ArrayList<>();
        ownerKeys.list(scope, info -> {
            if (remaining.size() < DeletionPlanner.LISTED) {
                remaining.add(info.key());
            }
        }, key -> { });
        long records = ledger.liveRows(scope, store.bucket(), 0).count();
        return new ProjectVerification(projectId, remaining, records, remaining.isEmpty() && records == 0);
    }
}
