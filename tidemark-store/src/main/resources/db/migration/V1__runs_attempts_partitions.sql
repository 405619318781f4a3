-- Every migration here runs on SQLite and on PostgreSQL: keep to BIGINT, INTEGER, VARCHAR and
-- TEXT, and to syntax both accept. What cannot be written portably is a placeholder whose
-- per-database text lives in io.tidemark.store.Dialect (${identity} is an auto-assigned id).
-- Instants are epoch milliseconds; assets are their `schema.table` text.

CREATE TABLE runs (
    id ${identity},
    trigger VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    selection TEXT NOT NULL,
    range_start TEXT NOT NULL,
    range_end TEXT NOT NULL,
    task_count INTEGER NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    owner_host TEXT NOT NULL,
    owner_pid BIGINT NOT NULL,
    owner_process_start BIGINT NOT NULL
);

CREATE INDEX runs_by_started_at ON runs (started_at);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE task_attempts (
    id ${identity},
    run_id BIGINT NOT NULL REFERENCES runs (id),
    asset TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    message TEXT NOT NULL,
    rows BIGINT NOT NULL,
    bytes_written BIGINT NOT NULL,
    wall_ms BIGINT NOT NULL,
    cpu_ms BIGINT NOT NULL,
    memory_bytes BIGINT NOT NULL,
    data_version TEXT NOT NULL
);

CREATE INDEX task_attempts_by_run ON task_attempts (run_id);
CREATE INDEX task_attempts_by_partition ON task_attempts (asset, partition_key);

-- run_id has no foreign key: source scans and incidents write states outside any run.
CREATE TABLE partition_states (
    asset TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    data_version TEXT NOT NULL,
    code_version TEXT NOT NULL,
    input_version TEXT NOT NULL,
    rows BIGINT NOT NULL,
    bytes_written BIGINT NOT NULL,
    wall_ms BIGINT NOT NULL,
    cpu_ms BIGINT NOT NULL,
    memory_bytes BIGINT NOT NULL,
    run_id BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (asset, partition_key)
);
