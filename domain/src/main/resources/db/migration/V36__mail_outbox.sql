-- The mail outbox: one row per summary, inserted in the transaction of what it reports (or by the
-- digest's tick). report_key (the event id, or the digest's tick) is unique, so a report is mailed
-- once however many instances queue it. Sent like webhook_delivery: claimed as a lease
-- (SKIP LOCKED), sent outside any transaction, the outcome recorded, retried with backoff.
CREATE TABLE mail_outbox (
    id              bigserial   PRIMARY KEY,
    kind            text        NOT NULL,
    report_key      text        NOT NULL UNIQUE,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX mail_outbox_settled ON mail_outbox (created_at) WHERE state <> 'pending';

-- the daily digest reads the deletions finished in its window
CREATE INDEX deletion_request_finished ON deletion_request (finished_at) WHERE finished_at IS NOT NULL;
