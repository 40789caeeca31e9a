-- Reads of a user's or a project's proof that sit on request paths and grow with the proof kept
-- (custodian.ledger.deleted-retention-days) get back the indexes stored_object's user and project
-- indexes gave them before V40: a project's owners (ProjectOwners: every project deletion request,
-- backfill and migration pages of legacy keys), a user's usage history and GET /objects?state=deleted
-- by user, in id order. Measured on 100,000 inserted proof rows: 6.5 µs of backend CPU per row with
-- V40's two indexes, about 10 µs with these two more.
CREATE INDEX deleted_object_project ON deleted_object (project_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX deleted_object_user ON deleted_object (user_id, id);
