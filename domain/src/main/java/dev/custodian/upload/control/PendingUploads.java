package dev.custodian.upload.control;

import dev.custodian.deletion.entity.OwnerDeletedException;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.IncompleteUpload;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Settles uploads that were announced (or interrupted) and never confirmed within the pending
 * TTL: bytes present → the record is adopted as active, under the rules a client's
 * {@code complete} meets ({@link ObjectUploads#confirm}); bytes absent → the claim is dropped.
 * Safe to run on several instances at once: each decision is re-checked under a row lock.
 *
 * <p>{@code NOT_SUPPORTED}: the store is asked outside any transaction, also when a batch chunk
 * calls this from inside its own.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class PendingUploads {

    private static final Logger LOG = Logger.getLogger(PendingUploads.class.getName());

    /**
     * What happened to one pending record: its bytes adopted, or its claim dropped because they are
     * absent, or because they are not the announced size (they stay, for maintenance to report as
     * an orphan), or handed to the deletion of its owner.
     */
    public enum Resolution { ADOPTED, DROPPED, WRONG_SIZE, OWNER_DELETED, ALREADY_SETTLED }

    @Inject
    StoredObjectRepository repository;

    @Inject
    ObjectLedger ledger;

    @Inject
    ObjectStore store;

    @Inject
    ObjectUploads uploads;

    @Inject
    UploadSettings settings;

    /** Pending records older than the TTL, a page at a time by id. */
    public List<StoredObject> expired(UUID after, int limit) {
        return repository.findPendingBefore(Instant.now().minus(settings.pendingTtl()), after, limit);
    }

    /**
     * Aborts every multipart upload started before the pending TTL and never finished: its parts
     * cost storage yet never appear in a listing. Returns how many were aborted.
     */
    public int abortStaleMultipartUploads() {
        Instant cutoff = Instant.now().minus(settings.pendingTtl());
        int aborted = 0;
        try (var uploads = store.incompleteUploads("")) {
            for (var upload : (Iterable<IncompleteUpload>) uploads::iterator) {
                if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                    store.abortUpload(upload);
                    aborted++;
                    LOG.info(() -> "aborted incomplete multipart upload of " + upload.key() + " started "
                            + upload.initiated());
                }
            }
        }
        return aborted;
    }

    /** Adopts or drops one record according to what the store holds now. */
    public Resolution resolve(UUID id) {
        Optional<StoredObject> current = repository.findById(id);
        if (current.isEmpty() || current.get().state() != ObjectState.PENDING) {
            return Resolution.ALREADY_SETTLED;
        }
        Optional<ObjectInfo> stored = store.head(current.get().key());
        if (stored.isPresent()) {
            ObjectInfo info = stored.get();
            var wrongSize = ObjectUploads.wrongSize(current.get(), info);
            if (wrongSize.isPresent()) {
                ledger.dropClaim(id);
                LOG.warning(() -> "pending upload " + id + " dropped, its bytes left for maintenance to report: "
                        + wrongSize.get());
                return Resolution.WRONG_SIZE;
            }
            try {
                uploads.confirm(current.get(), info, null);
            } catch (OwnerDeletedException e) {
                LOG.info(() -> "pending upload " + id + " goes with its owner's deletion: " + e.getMessage());
                return Resolution.OWNER_DELETED;
            }
            LOG.info(() -> "pending upload " + id + " adopted: its bytes are at " + info.key());
            return Resolution.ADOPTED;
        }
        ledger.dropClaim(id);
        LOG.info(() -> "pending upload " + id + " dropped: no bytes at " + current.get().key());
        return Resolution.DROPPED;
    }
}
