-- A replace upload holds its record while the new bytes travel: until then the drain leaves the key
-- alone (a deletion arriving meanwhile takes the key after the new bytes, not before them), and a
-- second replace of the same key is refused. During it, size_bytes is the larger of the old and
-- the new size, so the quota counts the bytes in flight.
ALTER TABLE stored_object ADD COLUMN replacing_until timestamptz;
