-- The proof of a deleted key leaves stored_object (issue 24): a confirmation deletes the live row
-- and inserts its proof here in one statement. Making a row 'deleted' was an UPDATE that wrote a
-- new row version into every index whose predicate it matched (primary key, user, project, the
-- deletion's keys, the receipt's leaves: 5 entries); a DELETE writes no index entry, and this table
-- is append-only (rows leave only by the purge after custodian.ledger.deleted-retention-days) with
-- two indexes. The columns are what GET /objects/{id} shows of a deleted record, what the
-- deletion's keys and receipt read, and the usage history's sizes and times.
CREATE TABLE deleted_object (
    id              uuid        PRIMARY KEY,
    bucket          text        NOT NULL,
    object_key      text        NOT NULL,
    user_id         text,
    project_id      text,
    scene_id        text,
    file_type       text,
    filename        text,
    content_type    text,
    size_bytes      bigint,
    etag            text,
    retention_class text        NOT NULL,
    job_id          text,
    metadata        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz,
    last_error_code text,
    last_error      text,
    deletion_id     uuid,
    deleted_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- A deletion's keys in byte order: the receipt's leaves and proofs, GET /deletions/{id}/keys,
-- the deletion's counts and the digest.
CREATE INDEX deleted_object_deletion_keys ON deleted_object (deletion_id, object_key COLLATE "C");

INSERT INTO deleted_object (id, bucket, object_key, user_id, project_id, scene_id, file_type, filename, content_type,
                            size_bytes, etag, retention_class, job_id, metadata, created_at, expires_at,
                            last_error_code, last_error, deletion_id, deleted_at, updated_at)
SELECT id, bucket, object_key, user_id, project_id, scene_id, file_type, filename, content_type,
       size_bytes, etag, retention_class, job_id, metadata, created_at, expires_at,
       last_error_code, last_error, deletion_id, coalesce(deleted_at, updated_at), updated_at
FROM stored_object WHERE state = 'deleted';

-- Erased versions are kept for held keys (still in stored_object) and deleted ones (here), so they
-- reference neither: the delete of a confirmed row would cascade. The purge removes a purged
-- key's versions in its own statement.
ALTER TABLE erased_version DROP CONSTRAINT erased_version_object_id_fkey;

DELETE FROM stored_object WHERE state = 'deleted';

-- Only deleted rows were in it.
DROP INDEX stored_object_receipt_leaves;

-- Now only live rows of deletions (in flight, failed, held), few once a deletion is done: rebuilt
-- in byte order, so GET /deletions/{id}/keys reads both tables in the receipt's key order.
DROP INDEX stored_object_deletion_keys;
CREATE INDEX stored_object_deletion_keys ON stored_object (deletion_id, object_key COLLATE "C")
    WHERE deletion_id IS NOT NULL;

-- No row of stored_object is 'deleted' any more, and none may become so: the event moves it.
ALTER TABLE stored_object DROP CONSTRAINT stored_object_state_check;
ALTER TABLE stored_object ADD CONSTRAINT stored_object_state_check
    CHECK (state IN ('pending', 'active', 'deleting', 'delete_failed', 'quarantined', 'missing', 'held'));
