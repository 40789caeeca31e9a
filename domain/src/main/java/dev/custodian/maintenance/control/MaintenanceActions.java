package dev.custodian.maintenance.control;

import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.entity.UntrackedKey;
import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.FindingKind;
import dev.custodian.maintenance.entity.FindingOutcome;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.MissingAction;
import dev.custodian.maintenance.entity.OrphanAction;
import dev.custodian.objectstore.control.KeyProbes;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of a run that ask the store about single keys: confirming candidate findings, and
 * acting on findings. Never inside a transaction; every key is re-checked just before acting,
 * and an error while checking a key never counts as a finding or an action.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class MaintenanceActions {

    private static final int PAGE = 200;

    @Inject
    MaintenanceRuns runs;

    @Inject
    MaintenanceFindings findings;

    @Inject
    Quarantine quarantine;

    @Inject
    DeletionLedger deletions;

    @Inject
    ObjectStore store;

    @Inject
    KeyProbes probes;

    /**
     * Each candidate becomes a finding only when a HEAD agrees: a record's key is absent, a file an
     * inventory listed is still there. A page's HEADs run in parallel; its outcome is one transaction.
     */
    public void confirmCandidates(UUID runId) {
        long after = 0;
        for (List<Finding> page = findings.unsettled(runId, FindingOutcome.UNCONFIRMED, after, PAGE); !page.isEmpty();
             page = findings.unsettled(runId, FindingOutcome.UNCONFIRMED, after, PAGE)) {
            List<Probe> heads = probes.head(page.stream().map(Finding::key).toList());
            List<Long> confirmed = new ArrayList<>();
            List<Long> contradicted = new ArrayList<>();
            List<Long> unchecked = new ArrayList<>();
            for (int i = 0; i < page.size(); i++) {
                Finding candidate = page.get(i);
                Probe probe = heads.get(i);
                if (probe.failed()) {
                    unchecked.add(candidate.id());
                } else {
                    boolean present = probe.found().isPresent();
                    (present == (candidate.kind() == FindingKind.ORPHANED_FILE) ? confirmed : contradicted)
                            .add(candidate.id());
                }
            }
            findings.confirm(runId, confirmed, contradicted, unchecked);
            after = page.get(page.size() - 1).id();
        }
    }

    /** Acts on every unsettled finding of an executing run, as its parameters say. */
    public void act(UUID runId) {
        MaintenanceRun run = runs.require(runId);
        if (run.replays()) {
            findings.copyFindings(run.sourceRunId(), runId);
        }
        // records changed after the dry run's view of the bucket was taken were never judged by it
        Instant judgedAt = runs.require(run.replays() ? run.sourceRunId() : runId).judgedAt();
        Progress progress = new Progress(run.counters().quarantined() + run.counters().deleted(), run.deletionId());
        long after = 0;
        for (List<Finding> page = findings.unsettled(runId, null, after, PAGE); !page.isEmpty();
             page = findings.unsettled(runId, null, after, PAGE)) {
            for (Finding finding : page) {
                after = finding.id();
                if (finding.kind() == FindingKind.ORPHANED_FILE) {
                    actOnFile(run, finding, progress);
                } else {
                    actOnRecord(run, finding, judgedAt);
                }
            }
        }
    }

    /** What an executing run has moved or deleted so far (restarts included), and its deletion once opened. */
    private static final class Progress {
        long acted;
        UUID deletion;

        Progress(long acted, UUID deletion) {
            this.acted = acted;
            this.deletion = deletion;
        }
    }

    private void actOnFile(MaintenanceRun run, Finding finding, Progress progress) {
        if (run.orphanAction() == OrphanAction.REPORT) {
            findings.settle(run.id(), finding.id(), FindingOutcome.REPORTED, null);
            return;
        }
        if (!finding.actionable()) {
            findings.settle(run.id(), finding.id(), FindingOutcome.TOO_YOUNG,
                    "younger than " + run.orphanMinAgeDays() + " days");
            return;
        }
        if (progress.acted >= run.maxDelete()) {
            findings.settle(run.id(), finding.id(), FindingOutcome.SKIPPED_MAX_DELETE,
                    "max_delete " + run.maxDelete() + " reached");
            return;
        }
        try {
            Optional<String> changed = changedSince(finding);
            if (changed.isPresent()) {
                findings.settle(run.id(), finding.id(), FindingOutcome.SKIPPED_CHANGED, changed.get());
            } else if (run.orphanAction() == OrphanAction.QUARANTINE) {
                if (quarantine.move(run, finding)) {
                    progress.acted++;
                }
            } else {
                if (progress.deletion == null) {
                    progress.deletion = runs.deletion(run.id(), run.actor());
                }
                int queued = deletions.queueUntracked(progress.deletion, store.bucket(),
                        List.of(new UntrackedKey(finding.key(), finding.sizeBytes(), null)),
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
                findings.settle(run.id(), finding.id(), queued > 0 ? FindingOutcome.DELETED : FindingOutcome.SKIPPED_CHANGED,
                        queued > 0 ? "queued in deletion " + progress.deletion : "a record claimed the key");
                progress.acted += queued;
            }
        } catch (ObjectStoreException e) {
            findings.settle(run.id(), finding.id(), FindingOutcome.FAILED, "store error " + e.code() + ": " + e.getMessage());
        }
    }

    /**
     * Why a file found orphaned must not be touched now: a record claims it, it is gone, or it was
     * replaced (other size or date) since the dry run. Empty when it is still the same orphan.
     */
    private Optional<String> changedSince(Finding finding) {
        if (quarantine.isTracked(finding.key())) {
            return Optional.of("a record now claims the key");
        }
        Optional<ObjectInfo> now = store.head(finding.key());
        if (now.isEmpty()) {
            return Optional.of("the file is gone");
        }
        ObjectInfo object = now.get();
        boolean same = object.sizeBytes() == finding.sizeBytes()
                && object.lastModified().truncatedTo(ChronoUnit.SECONDS)
                .equals(finding.createdAt().truncatedTo(ChronoUnit.SECONDS));
        return same ? Optional.empty() : Optional.of("the file was replaced since the dry run");
    }

    private void actOnRecord(MaintenanceRun run, Finding finding, Instant judgedAt) {
        if (run.missingAction() == MissingAction.REPORT) {
            findings.settle(run.id(), finding.id(), FindingOutcome.REPORTED, null);
            return;
        }
        try {
            if (store.head(finding.key()).isPresent()) {
                findings.settle(run.id(), finding.id(), FindingOutcome.SKIPPED_CHANGED, "the file is there again");
            } else {
                boolean marked = quarantine.markMissing(run, finding, judgedAt);
                findings.settle(run.id(), finding.id(), marked ? FindingOutcome.MARKED_MISSING : FindingOutcome.SKIPPED_CHANGED,
                        marked ? null : "the record changed since the dry run");
            }
        } catch (ObjectStoreException e) {
            findings.settle(run.id(), finding.id(), FindingOutcome.FAILED, "store error " + e.code() + ": " + e.getMessage());
        }
    }
}
