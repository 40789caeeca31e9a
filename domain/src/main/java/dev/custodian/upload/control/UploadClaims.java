package dev.custodian.upload.control;

import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.control.Tombstones;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.deletion.entity.OwnerDeletedException;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.KeyConflictException;
import dev.custodian.ledger.entity.ObjectNotFoundException;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.quota.control.Quotas;
import dev.custodian.upload.entity.UploadRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger's two steps of an upload, each one short transaction: the claim before any byte is
 * stored, and its confirmation after the store answered. Uploads are the hot path of every app,
 * so each step takes one connection from the pool and checks everything it must in it, instead
 * of a transaction (and a connection check) per question.
 */
@ApplicationScoped
@Transactional
public class UploadClaims {

    @Inject
    StoredObjectRepository repository;

    @Inject
    ObjectLedger ledger;

    @Inject
    DeletionLedger deletions;

    @Inject
    Tombstones tombstones;

    @Inject
    Quotas quotas;

    /** The owner of the row {@code o} is tombstoned. */
    private static final String BURIED = Tombstones.anyTaking("o.user_id", "o.project_id", "o.scene_id");
    /** ...or has a quota, which only the checked claim weighs, under the quota row's lock. */
    private static final String BURIED_OR_LIMITED = "(" + BURIED + " or " + Quotas.anyFor("o.user_id") + ")";

    /**
     * The claim of an upload nothing stands in the way of — no tombstone, no quota to check under
     * its lock, no live record on the key — in one statement without a transaction; false, with
     * nothing inserted, when the caller must {@link #claim} instead.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean claimAtOnce(StoredObject pending) {
        return ledger.claimUpload(pending, BURIED_OR_LIMITED);
    }

    /**
     * The confirmation of a pending claim whose owner no tombstone takes, in one statement without
     * a transaction: the record as confirmed, or empty, with nothing changed, when the caller must
     * {@link #confirm} instead.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredObject> confirmAtOnce(StoredObject claim, ObjectInfo stored, String contentType,
                                                Instant now) {
        return ledger.confirmUpload(claim.id(), stored.sizeBytes(), stored.etag(), storedType(stored, contentType),
                now, BURIED);
    }

    /** The content type the store reports, else the one the upload was given. */
    private static String storedType(ObjectInfo stored, String contentType) {
        return stored.contentType() != null ? stored.contentType() : contentType;
    }

    /**
     * Inserts the pending claim: refused, with nothing inserted, when its owner was deleted
     * ({@link OwnerDeletedException}), when it would cross the owner's quota, or when a live record
     * holds the key (a {@code KeyConflictException} without the holder: the caller looks it up).
     */
    public StoredObject claim(StoredObject pending) {
        KeyParts owner = ownerOf(pending);
        tombstones.of(owner).ifPresent(deletion -> {
            throw new OwnerDeletedException(deletion, ownerName(owner));
        });
        return quotas.claim(pending);
    }

    /**
     * How a confirmation ended. Unless the claim became active, {@code deletionId} names the
     * deletion its owner's tombstone names (that deletion removes the bytes) or the one that had
     * taken the claim over: then the bytes are stranded, and the caller removes them after this
     * transaction.
     */
    public record Confirmation(StoredObject object, UUID deletionId, boolean bytesStranded) {

        public boolean confirmed() {
            return deletionId == null && !bytesStranded;
        }
    }

    /**
     * Makes the claim active under a row lock, unless its owner was deleted meanwhile: then the
     * claim joins that deletion (the drain removes the bytes just stored). A claim some deletion
     * has already taken over is not confirmed either.
     */
    public Confirmation confirm(UUID id, ObjectInfo stored, String contentType, Instant now) {
        StoredObject claim = repository.lock(id).orElseThrow(() -> new ObjectNotFoundException(id));
        var tombstone = tombstones.of(ownerOf(claim));
        if (tombstone.isPresent()) {
            deletions.markDeleting(tombstone.get(), DeletionScope.object(id), claim.bucket(), now);
            return new Confirmation(claim, tombstone.get(), false);
        }
        StoredObject current = ledger.confirmUpload(id, stored.sizeBytes(), stored.etag(),
                storedType(stored, contentType), now).orElse(claim); // unchanged unless it was pending
        boolean active = current.state() == ObjectState.ACTIVE;
        return new Confirmation(current, active ? null : current.deletionId(), !active);
    }

    /** A replace upload's hold on a live record: what the record held before, to put back if it fails. */
    public record Replacement(UUID id, Long originalSize) {
    }

    /**
     * Holds the live record of the key for a replace upload until {@code until}, under the same
     * checks as a new claim: refused when the owner was deleted, when the record is not active or
     * another replacement holds it (a {@code KeyConflictException}), or when the larger content
     * would cross the quota (checked under the quota row's lock, and reserved on the record before
     * the lock goes). Empty when no live record holds the key: the upload is a new one.
     */
    public Optional<Replacement> claimReplacement(String bucket, String key, long newSize, Instant until,
                                                  Instant now) {
        Optional<StoredObject> held = repository.lockLiveByKey(bucket, key);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        StoredObject existing = held.get();
        KeyParts owner = ownerOf(existing);
        tombstones.of(owner).ifPresent(deletion -> {
            throw new OwnerDeletedException(deletion, ownerName(owner));
        });
        if (existing.state() != ObjectState.ACTIVE || existing.isBeingReplaced(now)) {
            throw new KeyConflictException(existing.id(), key, "key " + key + " is held by object " + existing.id()
                    + " (" + existing.state().wireName() + (existing.isBeingReplaced(now) ? ", being replaced" : "")
                    + ")");
        }
        Long originalSize = existing.sizeBytes();
        quotas.admitReplacement(existing.userId(), originalSize == null ? 0 : originalSize, newSize);
        if (!ledger.beginReplacement(existing.id(), newSize, until, now)) {
            throw new IllegalStateException("object " + existing.id() + " changed under its row lock");
        }
        return Optional.of(new Replacement(existing.id(), originalSize));
    }

    /**
     * Ends a replacement whose bytes are stored: the record takes the new content if it is still
     * active; if a deletion took it meanwhile, the hold ends so the drain removes the key, new
     * bytes included, and the confirmation names that deletion. A record that is gone altogether
     * (the hold ran out and the drain went first) leaves the new bytes stranded.
     */
    public Confirmation confirmReplacement(Replacement replacement, ObjectInfo stored, String contentType,
                                           UploadRequest request, Instant now) {
        StoredObject held = repository.lock(replacement.id())
                .orElseThrow(() -> new ObjectNotFoundException(replacement.id()));
        Optional<StoredObject> replaced = ledger.replaceContent(held.id(), stored.sizeBytes(), stored.etag(),
                contentType, request.retentionClass(), request.jobId(), request.metadataJson(), now);
        if (replaced.isPresent()) {
            return new Confirmation(replaced.get(), null, false);
        }
        StoredObject ended = ledger.endReplacement(held.id(), replacement.originalSize(), now).orElseThrow();
        return new Confirmation(ended, ended.deletionId(), ended.state() != ObjectState.DELETING);
    }

    /** The new bytes never arrived: the record keeps what it held. */
    public void abandonReplacement(Replacement replacement, Instant now) {
        ledger.endReplacement(replacement.id(), replacement.originalSize(), now);
    }

    static KeyParts ownerOf(StoredObject object) {
        return new KeyParts(object.userId(), object.projectId(), object.sceneId(), object.fileType(),
                object.filename());
    }

    /** The owner as people name it; whichever of user, project or scene was deleted, it is one of these. */
    static String ownerName(KeyParts owner) {
        String user = "user " + owner.userId();
        return owner.sceneId() != null ? user + ", project " + owner.projectId() + " or scene " + owner.sceneId()
                : owner.projectId() != null ? user + " or project " + owner.projectId() : user;
    }
}
