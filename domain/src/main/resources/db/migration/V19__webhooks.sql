-- Webhooks: a receiver's url, the events it wants and the secret its deliveries are signed with.
-- The secret is stored as given: signing needs it, so it cannot be hashed; the API never shows it.
CREATE TABLE webhook (
    name       text        PRIMARY KEY,
    url        text        NOT NULL CHECK (url ~* '^https?://'),
    events     jsonb       NOT NULL CHECK (jsonb_array_length(events) > 0),
    secret     text        NOT NULL CHECK (length(secret) >= 16),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- The outbox: one row per event and subscribed webhook, inserted in the transaction of the change it
-- announces, so an event is sent only for a change that committed and never lost for one that did.
-- A worker claims due rows (SKIP LOCKED) by pushing next_attempt_at past its lease, posts them
-- outside any transaction and records the outcome; a worker that dies leaves the row due again when
-- its lease runs out, so delivery is at least once and event_id lets receivers drop repeats.
CREATE TABLE webhook_delivery (
    id              bigserial   PRIMARY KEY,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    webhook_name    text        NOT NULL REFERENCES webhook (name) ON DELETE CASCADE,
    payload         jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL,
    state           text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    UNIQUE (webhook_name, event_id),
    CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_newest ON webhook_delivery (webhook_name, id);
-- old settled rows are pruned by age
CREATE INDEX webhook_delivery_settled ON webhook_delivery (created_at) WHERE state <> 'pending';
