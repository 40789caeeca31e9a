-- One row per scheduled task and tick (the scheduled minute, UTC). Every instance's timer fires;
-- the instance whose insert wins the primary key runs the tick, the others skip it. The row then
-- records how the run ended, so "time since each task last succeeded" is one query.
CREATE TABLE scheduled_run (
    task        text        NOT NULL,
    tick        timestamptz NOT NULL,
    instance_id uuid        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    outcome     text        NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed')),
    detail      text,
    PRIMARY KEY (task, tick)
);

CREATE INDEX scheduled_run_last_success ON scheduled_run (task, finished_at) WHERE outcome = 'succeeded';
