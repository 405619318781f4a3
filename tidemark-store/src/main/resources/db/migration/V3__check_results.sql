-- Data-quality check results. Portable as V1 is (see its comment).

-- Every result ever recorded, one row per (check, partition, run); id is insertion order.
-- run_id has no foreign key: on-demand checks record 0. sample: the failing rows, each escaped
-- (backslash as \\, line feed as \n, NUL as \0) and ended by a line feed; empty for none (see
-- io.tidemark.store.CheckResultTables).
CREATE TABLE check_results (
    id ${identity},
    run_id BIGINT NOT NULL,
    asset TEXT NOT NULL,
    check_name TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    severity VARCHAR(16) NOT NULL,
    observed TEXT NOT NULL,
    expected TEXT NOT NULL,
    sample TEXT NOT NULL,
    message TEXT NOT NULL,
    checked_at BIGINT NOT NULL
);

-- Reads a run's results in insertion order without sorting.
CREATE INDEX check_results_by_run ON check_results (run_id, id);

-- The latest result of each (asset, check, partition): a copy of its check_results row, written
-- in the same transaction, replaced only by a result checked at the same time or later. Reading
-- the latest state of many assets reads these rows alone, through the primary key's asset prefix,
-- whatever the length of the history.
CREATE TABLE check_latest (
    asset TEXT NOT NULL,
    check_name TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    run_id BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    severity VARCHAR(16) NOT NULL,
    observed TEXT NOT NULL,
    expected TEXT NOT NULL,
    sample TEXT NOT NULL,
    message TEXT NOT NULL,
    checked_at BIGINT NOT NULL,
    PRIMARY KEY (asset, check_name, partition_key)
);
