package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;

/**
 * How many of an asset's stored partitions, in a run of keys, have one status: what {@code tidemark
 * status} shows, counted by the database instead of read state by state.
 *
 * @param rows their rows, summed
 * @param firstRunId the lowest run id among their writers (0 outside any run)
 * @param lastRunId the highest run id among their writers (0 outside any run)
 * @param lastWritten the latest time any of them was written
 */
public record PartitionTally(
    AssetName asset,
    PartitionStatus status,
    long partitions,
    long rows,
    long firstRunId,
    long lastRunId,
    Instant lastWritten) {
  public PartitionTally {
    requireNonNull(asset, "asset is null");
    requireNonNull(status, "status is null");
    requireNonNull(lastWritten, "lastWritten is null");
  }

  /**
   * The keys of one grain from {@code first} to {@code last}, both included; {@code all} to {@code
   * all} for an unpartitioned asset.
   */
  public record KeyRun(String first, String last) {
    public KeyRun {
      requireNonNull(first, "first is null");
      requireNonNull(last, "last is null");
      if (first.length() != last.length()) {
        throw new IllegalArgumentException(
            "a run of keys is of one grain: " + first + " and " + last);
      }
    }
  }
}
