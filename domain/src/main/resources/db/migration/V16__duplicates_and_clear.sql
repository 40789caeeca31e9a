-- The duplicates report groups active objects by content (size and etag).
CREATE INDEX stored_object_content ON stored_object (size_bytes, etag) WHERE state = 'active';

-- A clear fills one held deletion with everything under its prefix.
ALTER TABLE deletion_request DROP CONSTRAINT deletion_request_scope_type_check;
ALTER TABLE deletion_request ADD CONSTRAINT deletion_request_scope_type_check
    CHECK (scope_type IN ('user', 'project', 'scene', 'object', 'job', 'retention', 'bulk', 'maintenance', 'clear'));
