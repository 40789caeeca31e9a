-- Where a run's scan has got to, written with each chunk's work in the chunk's transaction: a
-- restarted scan goes on from here. The job repository's checkpoint cannot serve: it is committed
-- on its own pool before the chunk's transaction, so a kill between the two skipped a chunk.
ALTER TABLE maintenance_run ADD COLUMN scan_position text;
ALTER TABLE bucket_run ADD COLUMN scan_position text;
