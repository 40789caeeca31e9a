-- The duplicates report groups active objects by content (size and etag).
CREATE INDEX stored_object_content ON stored_object (size_bytes, etag) WHERE state = 'active';
