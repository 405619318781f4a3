-- Row counts packed per asset, for volume checks. Portable as V1 is (see its comment).

-- One row per run of 256 consecutive partitions of an asset (chunk = partition index div 256;
-- see io.tidemark.core.partition.PartitionIndex): counts holds 256 big-endian 8-byte counts, the
-- smallest long where a partition has none (never written, or its write failed). Written in the
-- same transaction as partition_states, of which it is a copy in another shape (see
-- io.tidemark.store.RowCountChunks): a year of daily counts of an asset is two rows to read
-- instead of 365, which is what lets thousands of assets be judged in a second. grain keeps the
-- counts of an asset whose grain changed apart from each other. V5 fills it for existing states.
CREATE TABLE row_count_chunks (
    asset TEXT NOT NULL,
    grain VARCHAR(8) NOT NULL,
    chunk BIGINT NOT NULL,
    counts ${bytes} NOT NULL,
    PRIMARY KEY (asset, grain, chunk)
);
