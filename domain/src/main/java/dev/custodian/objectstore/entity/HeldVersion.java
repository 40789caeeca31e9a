package dev.custodian.objectstore.entity;

import java.time.Instant;
import java.util.Objects;

/**
 * A version the store kept because Object Lock protects it.
 *
 * @param retainUntil when its retention ends; null when it has none (a legal hold alone)
 */
public record HeldVersion(String versionId, HoldReason reason, Instant retainUntil) {

    public HeldVersion {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(reason, "reason");
    }
}
