-- The scheduler's memory: what each schedule fired and the lease that lets one scheduler at a time
-- fire. Portable as V1 is (see its comment).

-- When the scheduler first saw a schedule: fires missed before its first fire are counted from
-- here, so a scheduler restarted before a schedule ever fired still catches up what it missed.
CREATE TABLE schedule_cursors (
    schedule TEXT NOT NULL PRIMARY KEY,
    first_seen BIGINT NOT NULL
);

-- One row per fire of a schedule; (schedule, fire_time) is unique, so a fire is recorded once
-- whatever restarts or rivals the scheduler has. window_start: the fire builds the partitions due
-- after it (0: everything due). run_id: the latest run started for the fire, 0 before any. detail:
-- what a waiting fire waits for, or how a finished one ended.
CREATE TABLE schedule_fires (
    id ${identity},
    schedule TEXT NOT NULL,
    fire_time BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    run_id BIGINT NOT NULL,
    detail TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (schedule, fire_time)
);

CREATE INDEX schedule_fires_by_status ON schedule_fires (status);

-- The one scheduler lease: the row always exists, so taking it locks a row (FOR UPDATE on
-- PostgreSQL; SQLite's write transaction locks the whole file). An empty holder is a free lease.
CREATE TABLE scheduler_lease (
    name VARCHAR(16) NOT NULL PRIMARY KEY,
    holder TEXT NOT NULL,
    acquired_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

INSERT INTO scheduler_lease (name, holder, acquired_at, expires_at) VALUES ('scheduler', '', 0, 0);
