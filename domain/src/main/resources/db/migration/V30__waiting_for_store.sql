-- A key whose delete failed because the store was down (not because the key was refused) waits for
-- the store, not for a clock of its own: one cheap probe finds the store back and makes every such
-- key due at once, so a long outage does not leave keys waiting as long again after it ended.
ALTER TABLE stored_object ADD COLUMN waiting_for_store boolean NOT NULL DEFAULT false;
CREATE INDEX stored_object_waiting_for_store ON stored_object (bucket) WHERE waiting_for_store AND state = 'deleting';
