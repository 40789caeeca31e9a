-- Every move into or out of the quarantine records its intent before the first store call: a row
-- 'moving' (or 'restoring') names both keys, so a crash at any point leaves a row that says what
-- was under way, and the move is finished (or undone) by whoever picks it up after its lease.
-- 'abandoned' is a move that was undone, with the reason in detail.
ALTER TABLE quarantined_object DROP CONSTRAINT quarantined_object_state_check;
ALTER TABLE quarantined_object ADD CONSTRAINT quarantined_object_state_check
    CHECK (state IN ('moving', 'quarantined', 'restoring', 'restored', 'purged', 'abandoned'));
ALTER TABLE quarantined_object ADD COLUMN lease_until timestamptz;
ALTER TABLE quarantined_object ADD COLUMN detail text;
-- the deletion that removed the copy along with its owner
ALTER TABLE quarantined_object ADD COLUMN deletion_id uuid;
CREATE INDEX quarantined_object_open ON quarantined_object (lease_until) WHERE state IN ('moving', 'restoring');
-- an owner's deletion looks up the copies of its keys by prefix
CREATE INDEX quarantined_object_original ON quarantined_object (original_key text_pattern_ops)
    WHERE state IN ('moving', 'quarantined', 'restoring');
-- who asked for the move, for the audit event written when it ends
ALTER TABLE quarantined_object ADD COLUMN actor text;
