-- A store outage must not use up a key's attempts: transient failures no longer count, and a key
-- that keeps failing gives up by age instead, measured from its first failure in a row.
ALTER TABLE stored_object ADD COLUMN failing_since timestamptz;
