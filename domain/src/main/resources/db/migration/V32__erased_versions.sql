-- The versions (and delete markers) the store confirmed erased, for a key of a versioned bucket: the
-- proof GET /deletions/{id}/keys, the audit and the erasure receipt's leaves name. Written only when
-- the store keeps versions, so an unversioned bucket's deletion pays nothing for it; it goes with its
-- row when deleted rows are purged.
CREATE TABLE erased_version (
    object_id  uuid NOT NULL REFERENCES stored_object (id) ON DELETE CASCADE,
    version_id text NOT NULL,
    erased_at  timestamptz NOT NULL,
    PRIMARY KEY (object_id, version_id)
);

-- A batch event's version ids, parallel to object_keys: a versioned key's erasure reads as one entry
-- per version it erased.
ALTER TABLE audit_event ADD COLUMN object_versions text[];
