package io.tidemark.core.state;

/** What the state store knows about one partition of one asset. */
public enum PartitionStatus {
  /** Written successfully; its data version is current as of its last run. */
  MATERIALIZED,
  /** The last attempt to write it failed; the warehouse still holds the previous data, if any. */
  FAILED,
  /** Declared bad by an incident (see {@code tidemark invalidate}); must be rebuilt. */
  INVALID
}
