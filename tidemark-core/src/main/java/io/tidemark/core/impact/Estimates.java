package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.AttemptMeans;
import io.tidemark.core.state.StateStore;
import java.util.Collection;
import java.util.Map;

/**
 * How long rebuilding partitions should take, from the mean wall time of each model's stored
 * partitions, and what it should cost, from what each model's succeeded attempts used on average.
 *
 * @param meanWallMillis per model, the mean wall time of its last writes; models never timed are
 *     left out
 * @param attemptMeans per model, what its succeeded attempts used on average; models never built
 *     are left out
 */
public record Estimates(
    Map<AssetName, Double> meanWallMillis, Map<AssetName, AttemptMeans> attemptMeans) {
  public static final Estimates NONE = new Estimates(Map.of(), Map.of());

  public Estimates {
    meanWallMillis = Map.copyOf(requireNonNull(meanWallMillis, "meanWallMillis is null"));
    attemptMeans = Map.copyOf(requireNonNull(attemptMeans, "attemptMeans is null"));
  }

  /** The stored mean wall times and attempt resources of {@code models}, in two reads. */
  public static Estimates read(StateStore store, Collection<AssetName> models) {
    return models.isEmpty()
        ? NONE
        : new Estimates(store.meanWallMillis(models), store.attemptMeans(models));
  }

  /**
   * How long rebuilding {@code partitions} partitions of {@code asset} should take; -1 when it was
   * never built with statistics.
   */
  public long millis(AssetName asset, long partitions) {
    Double mean = meanWallMillis.get(asset);
    return mean == null ? -1 : Math.round(mean * partitions);
  }
}
