-- Indexes for the reads of the interactive commands at thousands of assets. Portable as V1 is
-- (see its comment).

-- `status` counts the latest check results by asset, check, severity and status: with this index
-- the count reads the index alone, not the rows with their messages and samples.
CREATE INDEX check_latest_by_status ON check_latest (asset, check_name, severity, status);

-- `runs` lists the latest runs first, ties broken by id: this index hands them over in that order,
-- so the listing reads its page and stops, however many runs are stored.
CREATE INDEX runs_by_started_at_and_id ON runs (started_at, id);
DROP INDEX runs_by_started_at;
