-- Portable as V1 is (see its comment).

-- A counter per table that readers derive costly answers from: every transaction writing the
-- table adds one to it, so a reader that keeps what it derived (the counts of the latest check
-- results, the staleness around an asset) knows by reading one row whether it still holds, whichever
-- process wrote. name: partition_states or check_latest.
CREATE TABLE store_generations (
    name VARCHAR(32) NOT NULL PRIMARY KEY,
    generation BIGINT NOT NULL
);

INSERT INTO store_generations (name, generation) VALUES ('partition_states', 0);
INSERT INTO store_generations (name, generation) VALUES ('check_latest', 0);
