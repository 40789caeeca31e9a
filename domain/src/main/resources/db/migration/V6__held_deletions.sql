-- A deletion a batch sweep is still filling: the worker must not finish it before the sweep has
-- queued everything, so it is held until the sweep's job ends.
ALTER TABLE deletion_request DROP CONSTRAINT deletion_request_sweep_state_check;
ALTER TABLE deletion_request ADD CONSTRAINT deletion_request_sweep_state_check
    CHECK (sweep_state IN ('pending', 'done', 'skipped', 'held'));
