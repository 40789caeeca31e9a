package dev.custodian.objectstore.entity;

/**
 * Whether the bucket keeps earlier versions of an object when it is replaced or deleted. A bucket's
 * versioning only ever moves from {@link #UNVERSIONED} to {@link #ENABLED} and between ENABLED and
 * {@link #SUSPENDED}; it never returns to UNVERSIONED.
 */
public enum BucketVersioning {
    /** Versioning was never enabled: a delete removes the object, a put replaces it. */
    UNVERSIONED,
    /** Every put adds a version and a delete without a version id only adds a delete marker. */
    ENABLED,
    /** New writes take the "null" version, but the versions kept while it was enabled are still there. */
    SUSPENDED;

    /** Whether the bucket may hold versions beyond the current one, so "gone" means erasing each of them. */
    public boolean keepsVersions() {
        return this != UNVERSIONED;
    }
}
