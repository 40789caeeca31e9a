-- A run may scan an S3 Inventory report instead of listing the bucket: the manifest's key and the
-- report's creation time, which bounds what the run may judge (issue 24).
ALTER TABLE maintenance_run ADD COLUMN inventory_manifest text, ADD COLUMN inventory_created_at timestamptz;
ALTER TABLE bucket_run ADD COLUMN inventory_manifest text, ADD COLUMN inventory_created_at timestamptz;
