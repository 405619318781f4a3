-- What each attempt used beyond what V1 recorded: the time it waited ready, and what the engine
-- reported for its write (0 where the engine reports nothing, and for attempts recorded before).
-- Portable as V1 is (see its comment): one ALTER per column, which SQLite requires.

ALTER TABLE task_attempts ADD COLUMN queued_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_attempts ADD COLUMN rows_read BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_attempts ADD COLUMN bytes_scanned BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_attempts ADD COLUMN engine_cpu_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_attempts ADD COLUMN peak_memory_bytes BIGINT NOT NULL DEFAULT 0;
