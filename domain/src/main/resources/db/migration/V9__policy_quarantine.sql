-- Retention policies with action 'quarantine' move tracked objects aside: such an entry names the
-- policy, the sweep run (its held deletion) and the record, and has no maintenance run. The record
-- itself moves along (its key becomes the quarantine key), so the original key is free meanwhile.
ALTER TABLE quarantined_object ALTER COLUMN run_id DROP NOT NULL;
ALTER TABLE quarantined_object ADD COLUMN policy text;
ALTER TABLE quarantined_object ADD COLUMN sweep_id uuid;
ALTER TABLE quarantined_object ADD COLUMN object_id uuid;
ALTER TABLE quarantined_object ADD CONSTRAINT quarantined_object_origin
    CHECK ((run_id IS NOT NULL) <> (policy IS NOT NULL));
CREATE INDEX quarantined_object_sweep ON quarantined_object (sweep_id) WHERE sweep_id IS NOT NULL;
