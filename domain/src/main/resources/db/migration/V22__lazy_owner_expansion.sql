-- An owner deletion no longer flips the owner's rows inside the request: the worker takes them a
-- chunk at a time, by id after expand_after (a keyset cursor over the scope's index), so no
-- statement touches more than one batch and a crash resumes from the cursor. Until expanded is
-- true the deletion is not settled, however few of its rows are deleting.
ALTER TABLE deletion_request ADD COLUMN expanded boolean NOT NULL DEFAULT true;
ALTER TABLE deletion_request ADD COLUMN expand_after uuid;
-- The owner's live rows counted once by the request: the total the API reports while expanding.
ALTER TABLE deletion_request ADD COLUMN expected_keys bigint;
CREATE INDEX deletion_request_expanding ON deletion_request (created_at) WHERE NOT expanded;
