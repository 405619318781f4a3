-- What each task attempt printed: the statement it ran, what it wrote, the warehouse's error.
-- Portable as V1 is (see its comment). Kept apart from task_attempts, whose rows every listing
-- reads: a log is read only when one run's attempts are shown. Written after the attempt finished,
-- in its own transaction; an attempt that crashed before has no log, its message says enough.
CREATE TABLE attempt_logs (
    attempt_id BIGINT NOT NULL PRIMARY KEY,
    run_id BIGINT NOT NULL,
    log TEXT NOT NULL
);

CREATE INDEX attempt_logs_by_run ON attempt_logs (run_id);
