-- One row per user with a quota; no row, no limit. An upload's claim locks the row (FOR UPDATE)
-- while it sums the user's active and pending bytes, so claims of one user are checked in turn.
CREATE TABLE quota (
    user_id    text        PRIMARY KEY,
    max_bytes  bigint      NOT NULL CHECK (max_bytes >= 0),
    updated_at timestamptz NOT NULL
);
