-- An admin's retry of a deletion's held keys may ask the store to bypass governance-mode retention
-- (x-amz-bypass-governance-retention); the key carries that request until it is settled.
ALTER TABLE stored_object ADD COLUMN bypass_governance boolean NOT NULL DEFAULT false;
