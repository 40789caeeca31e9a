-- A finished deletion's signed erasure receipt (GET /deletions/{id}/receipt): its claims exactly as
-- signed, made once per finish and served byte for byte ever after, whatever is purged later. The
-- JWS is null until a signing key is configured. A deletion retried and finished again replaces it.
CREATE TABLE deletion_receipt (
    deletion_id uuid        PRIMARY KEY REFERENCES deletion_request (id) ON DELETE CASCADE,
    finished_at timestamptz NOT NULL,
    merkle_root bytea       NOT NULL,
    leaf_count  bigint      NOT NULL,
    payload     text        NOT NULL,
    jws         text,
    created_at  timestamptz NOT NULL
);

-- The receipt's leaves are a deletion's deleted keys in byte order, whatever the database's
-- collation, so anyone can sort them the same way; paging them in that order needs this index.
CREATE INDEX stored_object_receipt_leaves ON stored_object (deletion_id, object_key COLLATE "C")
    WHERE deletion_id IS NOT NULL AND state = 'deleted';
