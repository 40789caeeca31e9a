-- The drain asks "the next due rows of this bucket, oldest first": a partial index in exactly that
-- order lets it read a thousand index entries instead of sorting every deleting row each round.
DROP INDEX stored_object_due;
CREATE INDEX stored_object_due ON stored_object (bucket, next_attempt_at) WHERE state = 'deleting';
-- "is any row of this deletion still deleting?" is asked after every round.
CREATE INDEX stored_object_deleting ON stored_object (deletion_id) WHERE state = 'deleting';
