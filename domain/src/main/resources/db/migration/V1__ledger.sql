-- The ledger: one row per object the service knows of, live or deleted.
CREATE TABLE stored_object (
    id              uuid        PRIMARY KEY,
    bucket          text        NOT NULL,
    object_key      text        NOT NULL CHECK (octet_length(object_key) BETWEEN 1 AND 1024),
    user_id         text,
    project_id      text,
    scene_id        text,
    file_type       text,
    filename        text,
    content_type    text,
    size_bytes      bigint      CHECK (size_bytes >= 0),
    etag            text,
    retention_class text        NOT NULL DEFAULT 'standard'
                                CHECK (retention_class IN ('temporary', 'final', 'standard')),
    job_id          text,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    state           text        NOT NULL
                                CHECK (state IN ('pending', 'active', 'deleting', 'deleted', 'delete_failed',
                                                 'quarantined', 'missing')),
    deletion_id     uuid,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    expires_at      timestamptz,
    deleted_at      timestamptz
);

-- A key is held by at most one live record; deleted rows stay behind as proof of the deletion.
CREATE UNIQUE INDEX stored_object_live_key ON stored_object (bucket, object_key) WHERE state <> 'deleted';

-- One index per list filter, each ending in id for keyset paging.
CREATE INDEX stored_object_project ON stored_object (project_id, id);
CREATE INDEX stored_object_user ON stored_object (user_id, id);
CREATE INDEX stored_object_state ON stored_object (state, id);
CREATE INDEX stored_object_due ON stored_object (state, next_attempt_at);
CREATE INDEX stored_object_job ON stored_object (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX stored_object_expiry ON stored_object (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX stored_object_deletion ON stored_object (deletion_id) WHERE deletion_id IS NOT NULL;
CREATE INDEX stored_object_key_prefix ON stored_object (bucket, object_key text_pattern_ops);
