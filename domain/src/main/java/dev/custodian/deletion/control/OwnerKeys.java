package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.DeletionScope;
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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the bucket holds of an owner: every key under its canonical prefixes (they end in '/', so
 * nothing of another owner is there) and every legacy key whose every reading names this owner.
 * Keys that might be someone else's are handed out as ambiguous, never as the owner's.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class OwnerKeys {

    @Inject
    DeletionLedger ledger;

    @Inject
    ObjectStore store;

    @Inject
    KeyLayout layout;

    /** Streams the owner's keys page by page; nothing proportional to the owner is held. */
    public void list(DeletionScope scope, Consumer<ObjectInfo> owned, Consumer<String> ambiguous) {
        OwnerScope owner = scope.owner().orElseThrow(() -> new IllegalArgumentException(scope.type() + " has no owner"));
        for (String prefix : canonicalPrefixes(scope, owner)) {
            try (var listing = store.list(prefix)) {
                listing.forEach(owned);
            }
        }
        for (String prefix : layout.legacyPrefixes(owner)) {
            try (var listing = store.list(prefix)) {
                listing.forEach(info -> {
                    Ownership ownership = layout.ownership(info.key(), owner);
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
    public List<DeletionLedger.QuarantineCopy> quarantined(DeletionScope scope, UUID purgedBy) {
        OwnerScope owner = scope.owner().orElseThrow(() -> new IllegalArgumentException(scope.type() + " has no owner"));
        Map<UUID, DeletionLedger.QuarantineCopy> copies = new LinkedHashMap<>();
        for (String prefix : canonicalPrefixes(scope, owner)) {
            ledger.quarantineCopies(prefix, purgedBy).forEach(c -> copies.put(c.id(), c));
        }
        for (String prefix : layout.legacyPrefixes(owner)) {
            ledger.quarantineCopies(prefix, purgedBy).stream()
                    .filter(c -> layout.ownership(c.originalKey(), owner) == Ownership.OWNED)
                    .forEach(c -> copies.put(c.id(), c));
        }
        return List.copyOf(copies.values());
    }

    /**
     * The owner's canonical prefixes. A project or scene lives under its user's folder, so its
     * prefixes are those of every user the ledger has seen for it, plus the caller's hint.
     */
    List<String> canonicalPrefixes(DeletionScope scope, OwnerScope owner) {
        if (scope.type() == ScopeType.USER) {
            return layout.canonicalPrefixes(owner);
        }
        Set<String> users = new LinkedHashSet<>(ledger.knownUsers(scope, store.bucket()));
        if (scope.userId() != null) {
            users.add(scope.userId());
        }
        Set<String> prefixes = new LinkedHashSet<>();
        users.forEach(user -> prefixes.addAll(layout.canonicalPrefixes(owner.withUser(user))));
        return List.copyOf(prefixes);
    }
}
