package dev.custodian.objectstore.control;

import dev.custodian.objectstore.entity.ObjectInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The copy half of every copy → verify → delete move (into and out of the quarantine, a
 * migration to the canonical key): the source is deleted only after its copy was read back and
 * found to hold the same bytes, so no move can lose an object.
 */
@ApplicationScoped
public class VerifiedCopies {

    @Inject
    ObjectStore store;

    /**
     * Copies {@code source} to {@code toKey} server-side and reads the copy back: its description
     * when it holds the same bytes ({@link ObjectInfo#sameBytesAs}) and, on a versioned bucket, is
     * the version this copy wrote (not another writer's); empty when it does not verify.
     */
    public Optional<ObjectInfo> copy(ObjectInfo source, String toKey) {
        ObjectInfo written = store.copy(source.key(), toKey);
        return store.head(toKey).filter(copy -> source.sameBytesAs(copy) && (written.versionId() == null
                || copy.versionId() == null || written.versionId().equals(copy.versionId())));
    }
}
