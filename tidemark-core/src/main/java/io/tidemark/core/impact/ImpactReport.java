package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;

/**
 * What bad data in one asset's partitions spoiled downstream, with how long rebuilding it takes.
 *
 * @param range the days named, as given
 */
public record ImpactReport(AssetName asset, TimeRange range, Impact impact, Estimates estimates) {
  public ImpactReport {
    requireNonNull(asset, "asset is null");
    requireNonNull(range, "range is null");
    requireNonNull(impact, "impact is null");
    requireNonNull(estimates, "estimates is null");
  }
}
