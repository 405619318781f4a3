-- An index for the checks list of the API and the web UI at thousands of assets. Portable as V1
-- is (see its comment); ${binary} orders text by its bytes, as the store's queries ask.

-- The list shows the latest results failures first: status by status, the most recently checked
-- first, then by asset, check and partition (latest partition first). With this index a page is
-- read in that order, status by status, and the count of each status reads the index alone.
CREATE INDEX check_latest_by_urgency ON check_latest
    (status, checked_at DESC, asset${binary}, check_name${binary}, partition_key${binary} DESC);
