-- Usage and quotas are sums over the ledger. Rather than an aggregate table that every state
-- change (uploads, the drain's set-based updates, maintenance, quarantine) would have to keep in
-- step, these partial covering indexes answer the sums with index-only scans over live rows:
-- 'active' is what usage reports, 'active' plus 'pending' (claims) is what a quota counts.
-- state is an included column so that either filter is read from the index, not the heap.

-- group by user; any group for one user; a user's quota
CREATE INDEX stored_object_usage_user ON stored_object (user_id, project_id, file_type, retention_class, size_bytes)
    INCLUDE (state) WHERE state IN ('active', 'pending');
-- group by project; any group for one project
CREATE INDEX stored_object_usage_project ON stored_object (project_id, user_id, file_type, retention_class, size_bytes)
    INCLUDE (state) WHERE state IN ('active', 'pending');
