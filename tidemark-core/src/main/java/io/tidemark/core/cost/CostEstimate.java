package io.tidemark.core.cost;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.AttemptMeans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rebuilding partitions should cost before it starts: for each asset, what its succeeded
 * attempts used on average, priced at the project's rates, times the partitions to rebuild. Storage
 * is left out (a rebuild replaces what is stored). An asset never built has no figure to go by and
 * is named in {@code unpriced} rather than counted as free.
 *
 * @param byAsset per asset priced, in the order asked
 * @param unpriced assets with partitions to rebuild but no succeeded attempt to price
 */
public record CostEstimate(
    CostRates rates, Map<AssetName, CostParts> byAsset, CostParts total, List<AssetName> unpriced) {
  public CostEstimate {
    requireNonNull(rates, "rates is null");
    requireNonNull(total, "total is null");
    byAsset = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byAsset));
    unpriced = List.copyOf(unpriced);
  }

  /**
   * @param partitions per asset, how many partitions are to be rebuilt
   * @param means per asset, what its succeeded attempts used on average
   */
  public static CostEstimate of(
      CostRates rates, Map<AssetName, Long> partitions, Map<AssetName, AttemptMeans> means) {
    Map<AssetName, CostParts> byAsset = new LinkedHashMap<>();
    List<AssetName> unpriced = new ArrayList<>();
    CostParts total = CostParts.ZERO;
    for (Map.Entry<AssetName, Long> entry : partitions.entrySet()) {
      AttemptMeans mean = means.get(entry.getKey());
      if (mean == null) {
        unpriced.add(entry.getKey());
        continue;
      }
      CostParts one = rates.price(mean.computeMillis(), mean.bytesScanned(), mean.bytesWritten());
      long count = entry.getValue();
      CostParts cost =
          new CostParts(one.cpu() * count, one.scanned() * count, one.written() * count, 0);
      byAsset.put(entry.getKey(), cost);
      total = total.plus(cost);
    }
    return new CostEstimate(rates, byAsset, total, unpriced);
  }

  /** The asset's estimated cost; null when it has none (never built, or not in the estimate). */
  public CostParts of(AssetName asset) {
    return byAsset.get(asset);
  }
}
