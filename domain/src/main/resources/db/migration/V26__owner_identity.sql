-- A project (and a scene) belongs to its user. A deletion says whether the project's records that
-- name no user count as its own; the deletions before this change took every row of the id.
-- Only project and scene scopes read it; the service always writes it.
ALTER TABLE deletion_request ADD COLUMN unattributed boolean NOT NULL DEFAULT true;
ALTER TABLE deletion_request ALTER COLUMN unattributed SET DEFAULT false;

-- Tombstones carry the user of a deleted project or scene, and an id by which an admin lifts one.
ALTER TABLE owner_tombstone ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE owner_tombstone ADD COLUMN user_id text;
ALTER TABLE owner_tombstone DROP CONSTRAINT owner_tombstone_pkey;
ALTER TABLE owner_tombstone ADD PRIMARY KEY (id);
UPDATE owner_tombstone SET user_id = owner_id WHERE owner_type = 'user';

-- No tombstone is lost: an old project or scene tombstone stays (it now stands for the project of
-- no known user, which blocks legacy keys), and gains one row for each user whose project its
-- deletion took (the users of its rows, and the user the request named).
INSERT INTO owner_tombstone (owner_type, owner_id, user_id, deletion_id, deleted_at)
SELECT t.owner_type, t.owner_id, u.user_id, t.deletion_id, t.deleted_at
FROM owner_tombstone t
JOIN (SELECT DISTINCT deletion_id, user_id FROM stored_object WHERE deletion_id IS NOT NULL AND user_id IS NOT NULL
      UNION
      SELECT id, user_id FROM deletion_request WHERE user_id IS NOT NULL) u ON u.deletion_id = t.deletion_id
WHERE t.owner_type IN ('project', 'scene') AND t.user_id IS NULL;

CREATE UNIQUE INDEX owner_tombstone_owner ON owner_tombstone (owner_type, owner_id, coalesce(user_id, ''));
