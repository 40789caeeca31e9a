-- Rows in state deleted are purged after custodian.ledger.deleted-retention-days; what they counted
-- for their deletion stays on the request, so its deleted and bytes_reclaimed figures never shrink.
ALTER TABLE deletion_request ADD COLUMN purged_keys bigint NOT NULL DEFAULT 0;
ALTER TABLE deletion_request ADD COLUMN purged_bytes bigint NOT NULL DEFAULT 0;
