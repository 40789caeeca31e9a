-- An owner deletion sends the active rows of a chunk to the store without taking them over first
-- (one write per key instead of two: the row goes from active to deleted once the store confirmed
-- its key). The chunk a drain has in flight is this row: until the drain records the store's
-- answers it stays, and a chunk whose lease ran out (its drain died) is taken again from its
-- range, so no row behind the deletion's cursor is left live. A deletion is not settled while it
-- has a chunk in flight.
CREATE TABLE deletion_chunk (
    id uuid PRIMARY KEY,
    deletion_id uuid NOT NULL REFERENCES deletion_request (id) ON DELETE CASCADE,
    bucket text NOT NULL,
    after_id uuid NOT NULL,
    last_id uuid NOT NULL,
    lease_until timestamptz NOT NULL
);
CREATE INDEX deletion_chunk_deletion ON deletion_chunk (deletion_id);
