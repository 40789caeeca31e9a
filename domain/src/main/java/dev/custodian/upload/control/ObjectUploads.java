package dev.custodian.upload.control;

import dev.custodian.deletion.entity.OwnerDeletedException;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.ledger.control.ObjectLedger;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.ContentTypes;
import dev.custodian.ledger.entity.KeyConflictException;
import dev.custodian.ledger.entity.ObjectNotFoundException;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.ledger.entity.UploadStateException;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.objectstore.entity.PresignedRequest;
import dev.custodian.quota.control.Quotas;
import dev.custodian.quota.entity.QuotaExceededException;
import dev.custodian.upload.entity.UploadIntent;
import dev.custodian.upload.entity.UploadRequest;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The two ways bytes enter the bucket, each keeping the ledger honest: the record is claimed as
 * {@code pending} before any byte is stored and confirmed after the store answered. A crash in
 * between leaves a pending record, which the pending-upload resolver adopts or drops; it never
 * leaves an object the ledger does not know of.
 *
 * <p>{@code NEVER}: no store call may happen inside a database transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NEVER)
public class ObjectUploads {

    private static final Logger LOG = Logger.getLogger(ObjectUploads.class.getName());
    private static final Pattern CONTENT_TYPE =
            Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,127}/[A-Za-z0-9!#$&^_.+-]{1,127}(;[\\x20-\\x7E]*)?");
    private static final int MAX_CONTENT_TYPE = 255;

    @Inject
    StoredObjectRepository repository;

    @Inject
    ObjectLedger ledger;

    @Inject
    ObjectStore store;

    @Inject
    KeyLayout layout;

    @Inject
    UploadSettings settings;

    @Inject
    UploadClaims claims;

    @Inject
    Quotas quotas;

    /**
     * Stores a file the service received and records it as active. With {@code replace}, an
     * active record of the same key takes the new content; otherwise a live key is a conflict.
     */
    public StoredObject uploadThrough(UploadRequest request, Payload content, boolean replace) {
        String key = validKey(request);
        long sizeBytes = content.sizeBytes();
        requireSize(sizeBytes);
        String contentType = ContentTypes.of(request.contentType(), request.owner().filename());
        if (replace) {
            Optional<UploadClaims.Replacement> replacement = claimReplacement(key, sizeBytes);
            if (replacement.isPresent()) {
                return replaceContent(replacement.get(), key, request, content, contentType);
            }
        }
        StoredObject claimed = claim(StoredObject.pending(store.bucket(), key, request.owner(),
                contentType, sizeBytes, request.retentionClass(), request.jobId(), request.metadataJson(),
                now()));
        ObjectInfo stored;
        try {
            stored = store.put(key, content, contentType);
        } catch (ObjectStoreException e) {
            forgetClaim(claimed);
            throw e;
        }
        return confirm(claimed, stored, contentType);
    }

    /**
     * Holds the key's live record for a replacement, with the checks of a new claim; empty when no
     * record holds the key. The hold outlasts the longest put, so it only runs out after a crash.
     */
    private Optional<UploadClaims.Replacement> claimReplacement(String key, long sizeBytes) {
        Instant now = now();
        try {
            return claims.claimReplacement(store.bucket(), key, sizeBytes,
                    now.plus(store.copyTimeout()).plus(store.requestTimeout()), now);
        } catch (QuotaExceededException e) {
            throw refused(e, key);
        }
    }

    /**
     * Stores the new bytes under the held record and describes them there. A deletion that took
     * the record while they travelled removes the key after them (the hold kept the drain away),
     * and the caller gets the conflict; bytes that found no record at all are removed at once.
     */
    private StoredObject replaceContent(UploadClaims.Replacement replacement, String key, UploadRequest request,
                                        Payload content, String contentType) {
        ObjectInfo stored;
        try {
            stored = store.put(key, content, contentType);
        } catch (RuntimeException e) {
            try {
                claims.abandonReplacement(replacement, now());
            } catch (RuntimeException release) {
                e.addSuppressed(release); // the hold runs out by itself
            }
            throw e;
        }
        UploadClaims.Confirmation confirmation = claims.confirmReplacement(replacement, stored, contentType, request,
                now());
        StoredObject held = confirmation.object();
        if (confirmation.confirmed()) {
            eraseReplacedVersions(key, stored);
            return held;
        }
        if (confirmation.bytesStranded()) {
            removeStranded(key, held.id());
        }
        if (confirmation.deletionId() != null) {
            throw new OwnerDeletedException(confirmation.deletionId(),
                    UploadClaims.ownerName(UploadClaims.ownerOf(held)));
        }
        throw conflict(held, key);
    }

    /**
     * On a versioned bucket the replaced content lives on as an older version, billed and still the
     * user's data: it is erased, keeping only the version just stored (and any newer one).
     */
    private void eraseReplacedVersions(String key, ObjectInfo stored) {
        try {
            var erased = store.deleteOlderVersions(key, stored.versionId());
            if (!erased.deleted()) {
                LOG.severe(() -> "the replaced versions of " + key + " stay: " + erased.code() + " " + erased.message());
            }
        } catch (ObjectStoreException e) {
            LOG.log(Level.SEVERE, "the replaced versions of " + key + " stay", e);
        }
    }

    /** New bytes no record describes: removed unless another record has claimed the key since. */
    private void removeStranded(String key, UUID recordId) {
        boolean claimedByAnother = repository.findLiveByKey(store.bucket(), key)
                .filter(holder -> !holder.id().equals(recordId)).isPresent();
        var removed = claimedByAnother ? null : store.delete(List.of(key)).get(0);
        if (removed != null && !removed.deleted()) {
            LOG.severe(() -> "could not remove " + key + ", replaced after its record was deleted: "
                    + removed.code() + " " + removed.message());
        }
    }

    /**
     * Inserts the pending claim, within the owner's quota: the claim itself counts against it
     * until it is confirmed or dropped. Both upload kinds know the size here (upload-through has
     * spooled the body; a direct upload announces it and its presigned PUT is signed for exactly
     * that length), so a refusal always comes before any byte is stored. A key a live record
     * holds is a conflict that names the holder.
     */
    private StoredObject claim(StoredObject pending) {
        if (claims.claimAtOnce(pending)) {
            return pending;
        }
        try {
            return claims.claim(pending);
        } catch (QuotaExceededException e) {
            throw refused(e, pending.key());
        } catch (KeyConflictException e) {
            throw repository.findLiveByKey(pending.bucket(), pending.key())
                    .map(holder -> conflict(holder, pending.key())).orElse(e);
        }
    }

    private QuotaExceededException refused(QuotaExceededException refusal, String key) {
        try {
            quotas.recordRefusal(refusal, key);
        } catch (RuntimeException e) {
            // the caller still gets the 413; the trail only misses this one refusal
            LOG.log(Level.WARNING, "could not record the quota refusal of " + key, e);
        }
        return refusal;
    }

    /** Claims the key for a direct upload and presigns the PUT that delivers its bytes. */
    public UploadIntent announce(UploadRequest request, long sizeBytes) {
        String key = validKey(request);
        requireSize(sizeBytes);
        String contentType = ContentTypes.of(request.contentType(), request.owner().filename());
        StoredObject claimed = claim(StoredObject.pending(store.bucket(), key, request.owner(),
                contentType, sizeBytes, request.retentionClass(), request.jobId(), request.metadataJson(),
                now()));
        PresignedRequest upload = store.presignPut(key, contentType, sizeBytes, settings.presignTtl());
        return new UploadIntent(claimed, upload);
    }

    /** The client says its direct upload is done: the store must hold the bytes. */
    public StoredObject complete(UUID id) {
        StoredObject pending = repository.findById(id).orElseThrow(() -> new ObjectNotFoundException(id));
        if (pending.state() == ObjectState.ACTIVE) {
            return pending; // completing twice is harmless
        }
        if (pending.state() != ObjectState.PENDING) {
            throw new UploadStateException(id, "upload " + id + " is " + pending.state().wireName() + ", not pending");
        }
        ObjectInfo stored = store.head(pending.key()).orElseThrow(() -> new UploadStateException(id,
                "no bytes at " + pending.key() + " yet: PUT them to the upload_url first"));
        var wrongSize = wrongSize(pending, stored);
        if (wrongSize.isPresent()) {
            throw new UploadStateException(id, wrongSize.get() + ": PUT exactly the announced bytes again");
        }
        return confirm(pending, stored, null);
    }

    /**
     * Why the bytes at a direct upload's key may not become its object: the announced size is what
     * the quota reserved, and a store that does not enforce the signed length must not let more (or
     * other) bytes become active under it. Empty when they may.
     */
    static Optional<String> wrongSize(StoredObject pending, ObjectInfo stored) {
        if (pending.sizeBytes() != null && stored.sizeBytes() != pending.sizeBytes()) {
            return Optional.of("the store holds " + stored.sizeBytes() + " bytes at " + pending.key()
                    + ", the upload announced " + pending.sizeBytes());
        }
        return Optional.empty();
    }

    /**
     * Makes the claim active, unless its owner was deleted meanwhile: then the bytes just stored
     * belong to that deletion (the drain removes them) and the caller gets a conflict. The
     * pending-upload resolver adopts through here too, so both follow one rule.
     */
    StoredObject confirm(StoredObject pending, ObjectInfo stored, String contentType) {
        Instant now = now();
        Optional<StoredObject> confirmed = claims.confirmAtOnce(pending, stored, contentType, now);
        if (confirmed.isPresent()) {
            return confirmed.get();
        }
        UploadClaims.Confirmation confirmation = claims.confirm(pending.id(), stored, contentType, now);
        StoredObject claim = confirmation.object();
        if (confirmation.confirmed()) {
            return claim;
        }
        if (confirmation.bytesStranded()) {
            // a deletion took the claim over while the bytes were on their way: they must not stay
            var removed = store.delete(List.of(claim.key())).get(0);
            if (!removed.deleted()) {
                // the next maintenance run reports it as an orphan; say so now, with the key
                LOG.severe(() -> "could not remove " + claim.key() + ", uploaded for a deleted owner: "
                        + removed.code() + " " + removed.message());
            }
        }
        throw new OwnerDeletedException(confirmation.deletionId(),
                UploadClaims.ownerName(UploadClaims.ownerOf(claim)));
    }

    /** The bytes never arrived: release the key. If even that fails, the resolver drops the claim later. */
    private void forgetClaim(StoredObject claimed) {
        try {
            ledger.dropClaim(claimed.id());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "pending record " + claimed.id() + " stays for the pending-upload resolver", e);
        }
    }

    /** Refuses a request whose owner fields, job id or content type no upload would accept (400). */
    public void requireValid(UploadRequest request) {
        validKey(request);
    }

    private String validKey(UploadRequest request) {
        Violations violations = new Violations();
        Identifiers.optionalId(violations, "job_id", request.jobId());
        String contentType = request.contentType();
        if (contentType != null && (contentType.length() > MAX_CONTENT_TYPE
                || !CONTENT_TYPE.matcher(contentType).matches())) {
            violations.add("content_type", "must be a media type such as audio/mpeg");
        }
        String key = null;
        try {
            key = layout.canonicalKey(request.owner());
        } catch (ValidationException e) {
            e.violations().forEach(v -> violations.add(v.field(), v.message()));
        }
        violations.throwIfAny();
        return key;
    }

    private void requireSize(long sizeBytes) {
        if (sizeBytes < 0 || sizeBytes > settings.maxBytes()) {
            throw new ValidationException("size_bytes", "must be between 0 and " + settings.maxBytes());
        }
    }

    /** Microseconds, as PostgreSQL keeps them, so a record reads the same before and after a reload. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static KeyConflictException conflict(StoredObject holder, String key) {
        return new KeyConflictException(holder.id(), key,
                "key " + key + " is held by object " + holder.id() + " (" + holder.state().wireName() + ")");
    }
}
