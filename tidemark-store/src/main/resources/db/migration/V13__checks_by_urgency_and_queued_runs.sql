-- The checks list of the API at thousands of assets, and the server's run queue kept in the store.
-- Portable as V1 is (see its comment); ${binary} orders text by its bytes, as the store's queries
-- ask.

-- The list shows the latest results failures first: status by status, the most recently checked
-- first, then by asset, check and partition (latest partition first). With this index a page is
-- read in that order, status by status, and the count of each status reads the index alone.
CREATE INDEX check_latest_by_urgency ON check_latest
    (status, checked_at DESC, asset${binary}, check_name${binary}, partition_key${binary} DESC);

-- Backfills and repairs asked for through a server's API, from the moment they are queued until
-- they end, so that a server stopped or killed leaves them to the next one on the store. status:
-- QUEUED, RUNNING, ENDED, FAILED or CANCELLED. repair_id and run_id: 0 for none. force_all: 1
-- when a backfill rebuilds what is up to date. The owner is the server process that runs it; a
-- server takes over the unfinished ones of owners that are gone.
CREATE TABLE queued_runs (
    id ${identity},
    kind VARCHAR(16) NOT NULL,
    selection TEXT NOT NULL,
    range_start TEXT NOT NULL,
    range_end TEXT NOT NULL,
    force_all INTEGER NOT NULL,
    repair_id BIGINT NOT NULL,
    planned_tasks INTEGER NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    run_id BIGINT NOT NULL,
    owner_host TEXT NOT NULL,
    owner_pid BIGINT NOT NULL,
    owner_process_start BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX queued_runs_by_status ON queued_runs (status);
