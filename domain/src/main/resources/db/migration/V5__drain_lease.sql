-- The drain's lease gets a column of its own, outside every index: leasing a row then changes no
-- indexed value, so PostgreSQL can update it in place (HOT) instead of writing a new entry into
-- each of the table's indexes. Free space on each page makes in-place updates likely.
ALTER TABLE stored_object ADD COLUMN lease_until timestamptz;
ALTER TABLE stored_object SET (fillfactor = 80);
-- The project index covers scene lookups (project first); one index less to maintain per write.
DROP INDEX stored_object_scene;
