-- Usage and quotas are answered from the owner indexes, which now carry what the sums read, and
-- V17's two partial usage indexes go: every upload put a row into both twice (its pending claim
-- and its confirmation, a new row version since the state changes), 4 of its 14 index entries.
-- An index-only scan of a user's (project's) entries still answers a quota, a usage report and a
-- count of live rows; the filter on state reads the included column. pgbench, the upload's claim
-- and confirmation from 16 clients on two cores, three runs each: 1.15, 1.12, 1.27 ms of database
-- CPU per upload with V17's indexes, 0.86, 0.87, 0.99 ms with these.
DROP INDEX stored_object_usage_user;
DROP INDEX stored_object_usage_project;
DROP INDEX stored_object_user;
DROP INDEX stored_object_project;
CREATE INDEX stored_object_user ON stored_object (user_id, id)
    INCLUDE (project_id, file_type, retention_class, size_bytes, state);
CREATE INDEX stored_object_project ON stored_object (project_id, id)
    INCLUDE (user_id, file_type, retention_class, size_bytes, state);
