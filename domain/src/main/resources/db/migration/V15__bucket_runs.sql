-- Bucket-wide admin runs (backfill, migration, clear), each a Jakarta Batch job. The counts a
-- run reports are counted from its items, so a chunk replayed after a crash never counts twice.
CREATE TABLE bucket_run (
    id            uuid        PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('backfill', 'migration', 'clear')),
    state         text        NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed')),
    dry_run       boolean     NOT NULL,
    key_prefix    text,
    user_id       text,
    project_id    text,
    max_objects   bigint      NOT NULL CHECK (max_objects >= 1),
    actor         text        NOT NULL,
    execution_id  bigint,
    deletion_id   uuid        REFERENCES deletion_request (id),
    -- the run stopped at max_objects; a restart must not list on
    limit_reached boolean     NOT NULL DEFAULT false,
    -- the counts frozen when the run ended
    report        jsonb,
    error         text,
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz
);
CREATE INDEX bucket_run_active ON bucket_run (kind) WHERE state IN ('queued', 'running');

-- One row per key a run looked at, with what it did (or would do) with it. A migration's rows are
-- also its intents: 'planned' → 'copied' → 'switched' → 'migrated', each step committed before the
-- next store call, so a crash anywhere is finished by whoever takes the row after its lease.
CREATE TABLE bucket_run_item (
    id          bigserial   NOT NULL,
    run_id      uuid        NOT NULL REFERENCES bucket_run (id),
    object_key  text        NOT NULL,
    outcome     text        NOT NULL,
    target_key  text,
    object_id   uuid,
    size_bytes  bigint,
    etag        text,
    detail      text,
    lease_until timestamptz,
    PRIMARY KEY (run_id, object_key)
);
CREATE UNIQUE INDEX bucket_run_item_id ON bucket_run_item (run_id, id);
CREATE INDEX bucket_run_item_open ON bucket_run_item (lease_until)
    WHERE outcome IN ('planned', 'copied', 'switched');

-- The keys a record held before a migration moved it, so old keys still lead to it.
CREATE TABLE object_key_history (
    id         bigserial   PRIMARY KEY,
    object_id  uuid        NOT NULL,
    bucket     text        NOT NULL,
    old_key    text        NOT NULL,
    new_key    text        NOT NULL,
    run_id     uuid,
    moved_at   timestamptz NOT NULL
);
CREATE INDEX object_key_history_old ON object_key_history (bucket, old_key);
