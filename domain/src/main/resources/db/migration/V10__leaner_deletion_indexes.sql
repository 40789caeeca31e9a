-- A deletion rewrites each of its rows twice (to 'deleting', then 'deleted'), and PostgreSQL adds
-- an entry to every index whose predicate the new row version meets. Deleted rows are history,
-- reached through their deletion, so the indexes used only for live rows leave them out.

-- Listing by state serves live states; a deleted row no longer costs an entry.
DROP INDEX stored_object_state;
CREATE INDEX stored_object_state ON stored_object (state, id) WHERE state <> 'deleted';

-- One index for both the live-key uniqueness and key-prefix searches: text_pattern_ops compares
-- equal exactly as the default operator class does, and also serves LIKE 'prefix%'.
DROP INDEX stored_object_key_prefix;
DROP INDEX stored_object_live_key;
CREATE UNIQUE INDEX stored_object_live_key ON stored_object (bucket, object_key text_pattern_ops)
    WHERE state <> 'deleted';

-- GET /deletions/{id} lists a deletion's failed keys on every poll. Failures are rare, so a partial
-- index over just those rows answers at once instead of walking every row of a large deletion.
CREATE INDEX stored_object_deletion_errors ON stored_object (deletion_id, object_key) WHERE last_error IS NOT NULL;
