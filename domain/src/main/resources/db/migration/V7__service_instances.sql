-- Running service instances and the batch executions each one runs. Payara's job repository has
-- no owner column, so after a crash (kill -9) an execution stays STARTED for ever; an instance
-- whose heartbeat has stopped owns nothing any more, and its executions are failed and restarted.
CREATE TABLE service_instance (
    id           uuid PRIMARY KEY,
    host         text        NOT NULL,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL
);

CREATE TABLE batch_execution_owner (
    execution_id bigint PRIMARY KEY,
    instance_id  uuid        NOT NULL,
    job_name     text        NOT NULL,
    since        timestamptz NOT NULL
);
