package io.tidemark.core.status;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.PartitionTally;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One asset's partitions in its domain, counted by state.
 *
 * @param partitions the partitions its domain has
 * @param gone partitions recorded as built that the warehouse does not hold (not counted as
 *     materialised)
 * @param lastRun the latest run that wrote a partition (the highest id), 0 when none did
 * @param lastWritten when that was; null when never
 * @param checks its latest check results counted by status, every status present; empty when it has
 *     none
 */
public record AssetStatus(
    Asset asset,
    int partitions,
    int materialized,
    int failed,
    int invalid,
    int missing,
    int gone,
    long rows,
    long lastRun,
    Instant lastWritten,
    Map<CheckStatus, Integer> checks) {
  public AssetStatus {
    requireNonNull(asset, "asset is null");
    requireNonNull(checks, "checks is null");
    checks = checks.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(checks));
  }

  /** Adds up the store's tallies of the asset against the partitions its domain has. */
  static AssetStatus of(
      Asset asset,
      int expected,
      List<PartitionTally> tallies,
      int gone,
      Map<CheckStatus, Integer> checks) {
    int materialized = 0;
    int failed = 0;
    int invalid = 0;
    long rows = 0;
    long lastRun = 0;
    Instant lastWritten = null;
    for (PartitionTally tally : tallies) {
      switch (tally.status()) {
        case MATERIALIZED -> materialized += (int) tally.partitions();
        case FAILED -> failed += (int) tally.partitions();
        case INVALID -> invalid += (int) tally.partitions();
      }
      rows += tally.rows();
      lastRun = Math.max(lastRun, tally.lastRunId());
      if (lastWritten == null || tally.lastWritten().isAfter(lastWritten)) {
        lastWritten = tally.lastWritten();
      }
    }
    materialized -= gone;
    int missing = expected - materialized - failed - invalid;
    return new AssetStatus(
        asset,
        expected,
        materialized,
        failed,
        invalid,
        missing,
        gone,
        rows,
        lastRun,
        lastWritten,
        checks);
  }
}
