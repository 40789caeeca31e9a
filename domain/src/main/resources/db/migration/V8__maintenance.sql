-- Maintenance runs: the bucket against the ledger, both ways (DESIGN "Maintenance at scale").
CREATE TABLE maintenance_run (
    id                  uuid        PRIMARY KEY,
    state               text        NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed')),
    dry_run             boolean     NOT NULL,
    key_prefix          text        NOT NULL,
    orphan_action       text        NOT NULL CHECK (orphan_action IN ('report', 'quarantine', 'delete')),
    orphan_min_age_days integer     NOT NULL CHECK (orphan_min_age_days >= 0),
    missing_action      text        NOT NULL CHECK (missing_action IN ('report', 'mark_missing')),
    max_delete          bigint      NOT NULL CHECK (max_delete >= 0),
    -- the dry run whose findings an execution acts on (itself for an unattended scheduled run)
    source_run_id       uuid        REFERENCES maintenance_run (id),
    actor               text        NOT NULL,
    trigger             text        NOT NULL CHECK (trigger IN ('api', 'cron', 'schedule')),
    confirmation_token  text        UNIQUE,
    token_used_by       uuid        REFERENCES maintenance_run (id),
    execution_id        bigint,
    deletion_id         uuid        REFERENCES deletion_request (id),
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    scan_started_at     timestamptz,
    -- the listing has been diffed into findings (and the staging rows dropped)
    diffed              boolean     NOT NULL DEFAULT false,
    finished_at         timestamptz,
    records_checked     bigint      NOT NULL DEFAULT 0,
    missing             bigint      NOT NULL DEFAULT 0,
    objects_scanned     bigint      NOT NULL DEFAULT 0,
    orphans             bigint      NOT NULL DEFAULT 0,
    orphan_bytes        bigint      NOT NULL DEFAULT 0,
    check_errors        bigint      NOT NULL DEFAULT 0,
    quarantined         bigint      NOT NULL DEFAULT 0,
    deleted             bigint      NOT NULL DEFAULT 0,
    records_marked      bigint      NOT NULL DEFAULT 0,
    error               text
);
CREATE INDEX maintenance_run_created ON maintenance_run (created_at DESC);

-- The listing of one run, streamed page by page; emptied when the run's diff is done. UNLOGGED: it
-- is rebuilt by a restarted scan, and WAL for millions of keys would double the cost.
CREATE UNLOGGED TABLE maintenance_listing (
    run_id        uuid        NOT NULL,
    object_key    text        NOT NULL,
    size_bytes    bigint      NOT NULL,
    last_modified timestamptz NOT NULL,
    PRIMARY KEY (run_id, object_key)
);

CREATE TABLE maintenance_finding (
    id          bigserial   PRIMARY KEY,
    run_id      uuid        NOT NULL REFERENCES maintenance_run (id),
    kind        text        NOT NULL CHECK (kind IN ('orphaned_file', 'orphaned_record')),
    object_key  text        NOT NULL,
    size_bytes  bigint      NOT NULL,
    -- the object's last-modified time, or the record's creation time
    created_at  timestamptz NOT NULL,
    object_id   uuid,
    -- old enough to act on (orphan_min_age_days)
    actionable  boolean     NOT NULL,
    outcome     text,
    detail      text
);
CREATE INDEX maintenance_finding_run ON maintenance_finding (run_id, kind, id);

CREATE TABLE quarantined_object (
    id             uuid        PRIMARY KEY,
    run_id         uuid        NOT NULL REFERENCES maintenance_run (id),
    original_key   text        NOT NULL,
    quarantine_key text        NOT NULL UNIQUE,
    size_bytes     bigint      NOT NULL,
    etag           text,
    state          text        NOT NULL CHECK (state IN ('quarantined', 'restored', 'purged')),
    quarantined_at timestamptz NOT NULL,
    ended_at       timestamptz
);
CREATE INDEX quarantined_object_live ON quarantined_object (quarantined_at) WHERE state = 'quarantined';
