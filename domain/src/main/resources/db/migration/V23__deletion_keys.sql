-- GET /deletions/{id}/keys pages a deletion's keys in key order: the deletion index gains the key,
-- so a page is an index range however many keys the deletion has (same entries, one column more).
CREATE INDEX stored_object_deletion_keys ON stored_object (deletion_id, object_key) WHERE deletion_id IS NOT NULL;
DROP INDEX stored_object_deletion;
