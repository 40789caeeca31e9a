-- When a deletion last settled a key: "no progress for custodian.alerts.stuck-after" is then one
-- look at the small deletion table instead of a walk over the deletion's rows.
ALTER TABLE deletion_request ADD COLUMN progressed_at timestamptz;
