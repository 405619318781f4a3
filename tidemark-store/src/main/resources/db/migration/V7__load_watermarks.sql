-- High-water marks of incremental source loads. Portable as V1 is (see its comment).

-- One row per loaded source: the largest cursor value its loads have seen, as text with the type
-- that reads it back ("TIMESTAMP 2026-01-05 10:00:00", "BIGINT 81234"), and the run that moved it.
-- Written after the load's partition state, in its own transaction: a crash in between leaves the
-- older mark, and the next load reads a little more again, which its overwrite absorbs.
CREATE TABLE load_watermarks (
    asset TEXT NOT NULL PRIMARY KEY,
    watermark TEXT NOT NULL,
    run_id BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
