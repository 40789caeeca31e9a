-- A rule that a scheduled sweep applies: active objects matching every filter given, older than
-- max_age_days, are deleted (or quarantined). At least one filter is required: a policy that
-- matches everything would empty the bucket.
CREATE TABLE retention_policy (
    name            text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    retention_class text        CHECK (retention_class IN ('temporary', 'final', 'standard')),
    file_types      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    key_prefix      text        CHECK (key_prefix IS NULL OR key_prefix LIKE '%/'),
    max_age_days    integer     NOT NULL CHECK (max_age_days BETWEEN 1 AND 36500),
    action          text        NOT NULL CHECK (action IN ('delete', 'quarantine')),
    enabled         boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (retention_class IS NOT NULL OR jsonb_array_length(file_types) > 0 OR key_prefix IS NOT NULL)
);
