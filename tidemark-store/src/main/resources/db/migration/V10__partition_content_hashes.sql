-- The content hash of the rows each write left in its partition, computed by the warehouse as it
-- measured the write, so that `verify` finds rows changed outside Tidemark even when their count
-- stayed the same. Empty where none was recorded: sources, views, and partitions written before
-- this migration, which `verify` compares by row count alone.
-- Portable as V1 is (see its comment).

ALTER TABLE partition_states ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
