package dev.custodian.ledger.control;

import dev.custodian.deletion.control.DeletionLedger;
import dev.custodian.deletion.control.Tombstones;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.deletion.entity.OwnerDeletedException;
import dev.custodian.ledger.entity.ObjectNotFoundException;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.quota.control.Quotas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
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
    DeletionLedger deletions;

    @Inject
    Tombstones tombstones;

    @Inject
    Quotas quotas;

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
        if (claim.state() == ObjectState.PENDING) {
            claim.confirmUpload(stored.sizeBytes(), stored.etag(),
                    stored.contentType() != null ? stored.contentType() : contentType, now);
        }
        boolean active = claim.state() == ObjectState.ACTIVE;
        return new Confirmation(claim, active ? null : claim.deletionId(), !active);
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
