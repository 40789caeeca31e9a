-- A request to delete objects: an owner, one object, a job's temporary files, a sweep.
CREATE TABLE deletion_request (
    id                     uuid        PRIMARY KEY,
    scope_type             text        NOT NULL
                                       CHECK (scope_type IN ('user', 'project', 'scene', 'object', 'job',
                                                             'retention', 'bulk', 'maintenance')),
    user_id                text,
    project_id             text,
    scene_id               text,
    object_id              uuid,
    job_id                 text,
    reason                 text        NOT NULL,
    requested_by           text        NOT NULL,
    records_only           boolean     NOT NULL DEFAULT false,
    state                  text        NOT NULL
                                       CHECK (state IN ('queued', 'running', 'completed', 'completed_with_errors',
                                                        'failed')),
    -- 'pending' until the untracked sweep has listed the owner's prefixes; 'skipped' for scopes without one
    sweep_state            text        NOT NULL CHECK (sweep_state IN ('pending', 'done', 'skipped')),
    -- only one worker at a time sweeps or verifies a deletion; the lease lets a crashed one's work be taken over
    lease_until            timestamptz,
    created_at             timestamptz NOT NULL,
    started_at             timestamptz,
    finished_at            timestamptz,
    verified_at            timestamptz,
    remaining_keys         jsonb,
    ambiguous_keys         jsonb       NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX deletion_request_open ON deletion_request (state, created_at) WHERE state IN ('queued', 'running');
CREATE INDEX deletion_request_state ON deletion_request (state, id);

-- An owner that is gone: uploads for it are refused from the moment the deletion was requested.
CREATE TABLE owner_tombstone (
    owner_type  text        NOT NULL CHECK (owner_type IN ('user', 'project', 'scene')),
    owner_id    text        NOT NULL, -- scene: project_id || '/' || scene_id
    deletion_id uuid        NOT NULL REFERENCES deletion_request (id),
    deleted_at  timestamptz NOT NULL,
    PRIMARY KEY (owner_type, owner_id)
);

-- Append-only record of every destructive action and its outcome.
CREATE TABLE audit_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    deletion_id uuid,
    run_id      uuid,
    object_key  text,
    outcome     text        NOT NULL,
    detail      text
);
CREATE INDEX audit_event_deletion ON audit_event (deletion_id, id) WHERE deletion_id IS NOT NULL;
CREATE INDEX audit_event_key ON audit_event (object_key, id) WHERE object_key IS NOT NULL;
CREATE INDEX audit_event_at ON audit_event (at);

CREATE INDEX stored_object_scene ON stored_object (project_id, scene_id);

-- The store's error code of the last failed attempt, next to last_error's message.
ALTER TABLE stored_object ADD COLUMN last_error_code text;
