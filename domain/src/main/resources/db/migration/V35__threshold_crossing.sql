-- A storage threshold that was crossed and is not yet armed again: one row per scope ('bucket', or
-- 'user:' and the user's id). Inserting the row is the claim of the crossing: of the instances that
-- see it, the one whose insert lands starts the cleanup and announces it; the others find the row.
-- The row is deleted (the threshold armed again) once the bytes have fallen below rearm_bytes.
CREATE TABLE threshold_crossing (
    scope           text        PRIMARY KEY,
    user_id         text,
    live_bytes      bigint      NOT NULL,
    threshold_bytes bigint      NOT NULL,
    rearm_bytes     bigint      NOT NULL,
    crossed_at      timestamptz NOT NULL
);
