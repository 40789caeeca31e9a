-- Executions of dead instances, already marked FAILED, waiting to be restarted. The row outlives
-- a restart that fails, so the next supervision round (on any instance) tries again, a bounded
-- number of times; one that ran out of attempts stays here with its last error.
CREATE TABLE batch_restart (
    execution_id bigint PRIMARY KEY,
    job_name     text        NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    -- also the lease of the instance trying it now: nobody else tries before it passes
    due_at       timestamptz NOT NULL,
    last_error   text
);

CREATE INDEX batch_restart_due ON batch_restart (due_at);
