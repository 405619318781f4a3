-- Incidents, repair plans and the runs that executed them. Portable as V1 is (see its comment).

-- partitions: the invalidated partition keys joined by newlines (keys never contain one), in the
-- order reported; an incident is always read whole.
CREATE TABLE incidents (
    id ${identity},
    asset TEXT NOT NULL,
    range_start TEXT NOT NULL,
    range_end TEXT NOT NULL,
    partitions TEXT NOT NULL,
    reason TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    reported_at BIGINT NOT NULL
);

CREATE INDEX incidents_by_reported_at ON incidents (reported_at);

CREATE TABLE repairs (
    id ${identity},
    target TEXT NOT NULL,
    range_start TEXT NOT NULL,
    range_end TEXT NOT NULL,
    exclude_selection TEXT NOT NULL,
    stop_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    task_count INTEGER NOT NULL
);

CREATE INDEX repairs_by_created_at ON repairs (created_at);

-- ordinal: the task's place in the plan, from 0. The primary key reads a plan in order; the
-- index finds the repairs that touch a partition.
CREATE TABLE repair_tasks (
    repair_id BIGINT NOT NULL REFERENCES repairs (id),
    ordinal INTEGER NOT NULL,
    asset TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    PRIMARY KEY (repair_id, ordinal)
);

CREATE INDEX repair_tasks_by_partition ON repair_tasks (asset, partition_key);

-- A run executes at most one repair. A repair's status is that of its latest run: the highest id.
CREATE TABLE repair_runs (
    run_id BIGINT NOT NULL PRIMARY KEY REFERENCES runs (id),
    repair_id BIGINT NOT NULL REFERENCES repairs (id)
);

CREATE INDEX repair_runs_by_repair ON repair_runs (repair_id, run_id);
