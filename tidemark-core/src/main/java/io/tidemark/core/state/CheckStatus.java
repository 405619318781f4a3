package io.tidemark.core.state;

/** The outcome of evaluating one data-quality check on one partition. */
public enum CheckStatus {
  /** The check held: the data is as expected. */
  PASS,
  /** A check of severity {@code warn} failed: the data is suspect, but the run goes on. */
  WARN,
  /** A check of severity {@code error} failed: the data is wrong. */
  FAIL,
  /**
   * The check could not be evaluated (its SQL failed, the partition could not be read): nothing is
   * known of the data.
   */
  ERROR,
  /**
   * The check did not judge the partition, and says nothing of its data: it is unpartitioned where
   * the check judges partitions, or its history is too short (the message says why, and how much
   * history it needs). Never counted as passed.
   */
  SKIPPED
}
