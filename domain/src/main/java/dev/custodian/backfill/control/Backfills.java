package dev.custodian.backfill.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunItem;
import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.control.Tombstones;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.keys.entity.ParsedKey;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.control.ProjectOwners;
import dev.custodian.ledger.entity.ContentTypes;
import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.maintenance.entity.QuarantinedObject;
import dev.custodian.objectstore.control.KeyProbes;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.Probe;
import dev.custodian.objectstore.entity.ReservedKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A backfill takes the bucket listing a page at a time: keys the run has already recorded (a page
 * read again after a crash) are passed over, tracked keys are counted, the rest are read by the key
 * layout ({@link KeyAdoption}) and, in a real run, adopted as {@code active} records — all in the
 * caller's transaction (the chunk's), so a page's records, items and audit events commit together.
 * The quarantine is never adopted. The listing carries no content type, and a HEAD per key would
 * make a backfill one request per object: the content type is taken from the file name's extension.
 * An inventory report may be a day old, so a real backfill from one first HEADs each page's untracked
 * keys ({@link #recheck}): a key no longer there is {@link ItemOutcome#GONE gone}, and the others are recorded as
 * the HEAD found them, content type included.
 */
@ApplicationScoped
@Transactional
public class Backfills {

    @Inject
    BucketRuns runs;

    @Inject
    DeletionLedger ledger;

    @Inject
    Tombstones tombstones;

    @Inject
    ProjectOwners owners;

    @Inject
    ObjectLedger records;

    @Inject
    KeyLayout layout;

    @Inject
    AuditLog audit;

    @Inject
    KeyProbes probes;

    /** A page to take: its objects, and those of its keys a HEAD found gone since the inventory. */
    public record Page(List<ObjectInfo> objects, Set<String> gone) {
    }

    /** What one page came to: how many keys it adopted, and whether {@code max_objects} stopped it. */
    public record Taken(int adopted, boolean full) {
    }

    /** How many keys the run has adopted (or, dry, would adopt) so far; where a restarted writer starts counting. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long adoptedSoFar(UUID runId) {
        return runs.counts(runId).getOrDefault(ItemOutcome.ADOPTED.wireName(), 0L);
    }

    /**
     * The page as a run may adopt from it: a real run from an inventory HEADs the keys no record
     * holds (in parallel, outside any transaction) and takes what the store says now; a listing, or
     * a dry run, is taken as listed. A store error fails the chunk, to be read again.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Page recheck(BucketRun run, String bucket, List<ObjectInfo> listed) {
        if (run.inventory() == null || run.dryRun()) {
            return new Page(listed, Set.of());
        }
        Set<String> tracked = ledger.tracked(bucket, listed.stream().map(ObjectInfo::key).toList());
        List<String> untracked = listed.stream().map(ObjectInfo::key).filter(key -> !tracked.contains(key)).toList();
        Map<String, ObjectInfo> now = new LinkedHashMap<>();
        Set<String> gone = new HashSet<>();
        for (Probe probe : probes.head(untracked)) {
            if (probe.failed()) {
                throw probe.error();
            }
            probe.found().ifPresentOrElse(found -> now.put(probe.key(), found), () -> gone.add(probe.key()));
        }
        return new Page(listed.stream().map(info -> now.getOrDefault(info.key(), info)).toList(), gone);
    }

    /** Takes one page of the scan, adopting at most {@code room} keys. */
    public Taken take(BucketRun run, String bucket, Page page, long room) {
        Map<String, ObjectInfo> fresh = new LinkedHashMap<>();
        // the quarantine's copies and the service's own objects belong to no owner
        page.objects().stream().filter(info -> !info.key().startsWith(QuarantinedObject.PREFIX)
                        && !info.key().startsWith(ReservedKeys.PREFIX))
                .forEach(info -> fresh.put(info.key(), info));
        fresh.keySet().removeAll(runs.recorded(run.id(), fresh.keySet()));
        Set<String> tracked = ledger.tracked(bucket, List.copyOf(fresh.keySet()));
        List<RunItem> items = new ArrayList<>();
        Map<String, ParsedKey> parsed = new LinkedHashMap<>();
        fresh.values().forEach(info -> {
            if (page.gone().contains(info.key())) {
                items.add(RunItem.of(info.key(), ItemOutcome.GONE));
            } else if (tracked.contains(info.key())) {
                items.add(RunItem.of(info.key(), ItemOutcome.ALREADY_TRACKED));
            } else {
                parsed.put(info.key(), layout.parse(info.key()));
            }
        });
        Map<String, Set<String>> users = owners.usersOf(bucket, parsed.values().stream()
                .flatMap(key -> KeyAdoption.projectSpellings(key).stream()).distinct().toList());
        Map<ParsedKey, KeyAdoption.Decision> decisions = new LinkedHashMap<>();
        parsed.values().forEach(key -> decisions.put(key, KeyAdoption.decide(key, users)));
        // one lookup for the page's owners, not one per key
        Set<KeyParts> deletedOwners = tombstones.tombstoned(decisions.values().stream()
                .filter(d -> d.verdict() == KeyAdoption.Verdict.ADOPT).map(KeyAdoption.Decision::owner).toList());
        List<FoundObject> adoptable = new ArrayList<>();
        boolean full = false;
        for (var entry : decisions.entrySet()) {
            ParsedKey key = entry.getKey();
            KeyAdoption.Decision decision = entry.getValue();
            switch (decision.verdict()) {
                case UNPARSEABLE -> items.add(RunItem.of(key.key(), ItemOutcome.UNPARSEABLE));
                case AMBIGUOUS -> items.add(RunItem.of(key.key(), ItemOutcome.AMBIGUOUS));
                case ADOPT -> {
                    if (deletedOwners.contains(decision.owner())) {
                        items.add(RunItem.of(key.key(), ItemOutcome.OWNER_DELETED));
                        continue;
                    }
                    if (adoptable.size() >= room) {
                        full = true;
                        continue;
                    }
                    ObjectInfo info = fresh.get(key.key());
                    adoptable.add(new FoundObject(info.key(), decision.owner(), info.sizeBytes(), info.etag(),
                            ContentTypes.of(info.contentType(), decision.owner().filename()),
                            info.lastModified()));
                }
            }
        }
        Set<String> adopted = run.dryRun() ? Set.of() : records.adopt(bucket, adoptable);
        int taken = 0;
        for (FoundObject object : adoptable) {
            // a record may have claimed the key since the lookup: then it was tracked after all
            boolean isNew = run.dryRun() || adopted.contains(object.key());
            taken += isNew ? 1 : 0;
            items.add(new RunItem(object.key(), isNew ? ItemOutcome.ADOPTED : ItemOutcome.ALREADY_TRACKED, null, null, object.sizeBytes(),
                    object.etag(), describe(object)));
        }
        runs.record(run.id(), items);
        if (!adopted.isEmpty()) {
            audit.recordKeys(run.actor(), "adopt_object", null, run.id(), List.copyOf(adopted), ItemOutcome.ADOPTED.wireName(),
                    "backfill: found in the bucket without a record");
        }
        if (full) {
            runs.reachLimit(run.id());
        }
        return new Taken(taken, full);
    }

    private static String describe(FoundObject object) {
        return object.owner().userId() == null ? "no user known" : "user " + object.owner().userId();
    }

    /** The run's counts in the report's terms: every field present, zero when nothing had that outcome. */
    public static Map<String, Long> report(Map<String, Long> counts) {
        Map<String, Long> report = new LinkedHashMap<>();
        for (ItemOutcome outcome : List.of(ItemOutcome.ADOPTED, ItemOutcome.ALREADY_TRACKED, ItemOutcome.UNPARSEABLE,
                ItemOutcome.AMBIGUOUS, ItemOutcome.OWNER_DELETED, ItemOutcome.GONE)) {
            report.put(outcome.wireName(), counts.getOrDefault(outcome.wireName(), 0L));
        }
        return report;
    }

    /** For the audit entry of a finished run. */
    public String summary(UUID runId) {
        return report(runs.counts(runId)).toString();
    }
}
