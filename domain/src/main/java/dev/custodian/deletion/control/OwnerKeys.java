package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.QuarantineCopy;
import dev.custodian.deletion.entity.ScopeType;
import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.OwnerScope;
import dev.custodian.keys.entity.Ownership;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What the bucket holds of an owner: every key under its canonical prefixes (they end in '/', so
 * nothing of another owner is there) and every legacy key whose every reading names this owner.
 * Keys that might be someone else's are handed out as ambiguous, never as the owner's: a legacy
 * key that names no user is the project's user's only when the scope takes unattributed keys.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class OwnerKeys {

    @Inject
    QuarantinedCopies quarantine;

    @Inject
    ObjectStore store;

    @Inject
    KeyLayout layout;

    /**
     * Streams the owner's keys page by page; nothing proportional to the owner is held. Where a
     * delete erases every version, a key counts while any version or delete marker of it is left
     * (described by its newest), so neither the sweep nor the verification calls an owner clean
     * while old versions of its files are still billed and readable.
     */
    public void list(DeletionScope scope, Consumer<ObjectInfo> owned, Consumer<String> ambiguous) {
        OwnerScope owner = ownerOf(scope);
        for (String prefix : layout.canonicalPrefixes(owner)) {
            try (var listing = keysUnder(prefix)) {
                listing.forEach(owned);
            }
        }
        for (String prefix : layout.legacyPrefixes(owner)) {
            try (var listing = keysUnder(prefix)) {
                listing.forEach(info -> {
                    Ownership ownership = legacyOwnership(scope, owner, info.key());
                    if (ownership == Ownership.OWNED) {
                        owned.accept(info);
                    } else if (ownership == Ownership.AMBIGUOUS) {
                        ambiguous.accept(info.key());
                    }
                });
            }
        }
    }

    /**
     * The owner's files held in the quarantine, by the keys they came from, chosen as
     * {@link #list} chooses keys in the bucket; with {@code purgedBy}, those that deletion purged.
     */
    public List<QuarantineCopy> quarantined(DeletionScope scope, UUID purgedBy) {
        OwnerScope owner = ownerOf(scope);
        Map<UUID, QuarantineCopy> copies = new LinkedHashMap<>();
        for (String prefix : layout.canonicalPrefixes(owner)) {
            quarantine.under(prefix, purgedBy).forEach(c -> copies.put(c.id(), c));
        }
        for (String prefix : layout.legacyPrefixes(owner)) {
            quarantine.under(prefix, purgedBy).stream()
                    .filter(c -> legacyOwnership(scope, owner, c.originalKey()) == Ownership.OWNED)
                    .forEach(c -> copies.put(c.id(), c));
        }
        return List.copyOf(copies.values());
    }

    /** The keys under the prefix: current objects, or every key with a version or marker left. */
    private Stream<ObjectInfo> keysUnder(String prefix) {
        if (!store.erasesVersions()) {
            return store.list(prefix);
        }
        String[] previous = {null};
        // versions come key by key, newest first: the first of each key stands for it
        return store.listVersions(prefix).filter(v -> {
            boolean first = !v.key().equals(previous[0]);
            previous[0] = v.key();
            return first;
        }).map(v -> new ObjectInfo(v.key(), v.deleteMarker() ? 0 : v.sizeBytes(), v.etag(), v.lastModified(), null,
                v.versionId()));
    }

    private static OwnerScope ownerOf(DeletionScope scope) {
        return scope.owner().orElseThrow(() -> new IllegalArgumentException(scope.type() + " has no owner"));
    }

    /** A legacy key's ownership; one that names no user is only ambiguous when the project may be another user's. */
    private Ownership legacyOwnership(DeletionScope scope, OwnerScope owner, String key) {
        Ownership ownership = layout.ownership(key, owner);
        boolean mayBeAnothers = scope.type() != ScopeType.USER && !scope.unattributed() && !layout.namesUser(key);
        return ownership == Ownership.OWNED && mayBeAnothers ? Ownership.AMBIGUOUS : ownership;
    }
}
