-- Duplicate removal (issue 25 item 4): one deletion of scope 'duplicates' per confirmed run.
ALTER TABLE deletion_request DROP CONSTRAINT deletion_request_scope_type_check;
ALTER TABLE deletion_request ADD CONSTRAINT deletion_request_scope_type_check
    CHECK (scope_type IN ('user', 'project', 'scene', 'object', 'job', 'retention', 'bulk', 'maintenance', 'clear',
                          'duplicates'));

-- A dry run's confirmation token and the parameters a real run must repeat; used once.
CREATE TABLE duplicate_dry_run (
    token      text        PRIMARY KEY,
    user_id    text        NOT NULL,
    groups     text        NOT NULL,
    created_at timestamptz NOT NULL,
    used_by    uuid
);
CREATE INDEX duplicate_dry_run_created ON duplicate_dry_run (created_at);

-- Which copy each removed duplicate was a copy of: the lookup by key of a removed key answers with
-- the kept record, and the drain keeps a copy back whose kept copy is no longer active.
CREATE TABLE duplicate_removal (
    removed_id  uuid        PRIMARY KEY,
    bucket      text        NOT NULL,
    removed_key text        NOT NULL,
    kept_id     uuid        NOT NULL,
    deletion_id uuid        NOT NULL REFERENCES deletion_request (id) ON DELETE CASCADE,
    removed_at  timestamptz NOT NULL
);
CREATE INDEX duplicate_removal_key ON duplicate_removal (bucket, removed_key);
CREATE INDEX duplicate_removal_deletion ON duplicate_removal (deletion_id);
