package dev.custodian.objectstore.entity;

import java.util.Optional;

/**
 * What one HEAD said of a key: the object, or empty when the key is absent, or the store's error,
 * which never counts as either.
 */
public record Probe(String key, Optional<ObjectInfo> found, ObjectStoreException error) {

    public boolean failed() {
        return error != null;
    }
}
