-- A key one of whose versions Object Lock protects (a legal hold, retention until a date) is 'held':
-- neither deleted nor failed. It is tried again at next_attempt_at (when the retention ends, or
-- after the recheck interval for a legal hold), and its deletion ends 'completed_with_holds'.
ALTER TABLE stored_object DROP CONSTRAINT stored_object_state_check;
ALTER TABLE stored_object ADD CONSTRAINT stored_object_state_check
    CHECK (state IN ('pending', 'active', 'deleting', 'deleted', 'delete_failed', 'quarantined', 'missing', 'held'));
ALTER TABLE deletion_request DROP CONSTRAINT deletion_request_state_check;
ALTER TABLE deletion_request ADD CONSTRAINT deletion_request_state_check
    CHECK (state IN ('queued', 'running', 'completed', 'completed_with_errors', 'completed_with_holds', 'failed'));
CREATE INDEX stored_object_held ON stored_object (bucket, next_attempt_at) WHERE state = 'held';
