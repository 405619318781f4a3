package io.tidemark.core.impact;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Which partitions hold data, as the state store tells it. */
public final class StoredPartitions {
  private StoredPartitions() {}

  /**
   * Per asset, the partitions that hold data: for a source, its whole domain (Tidemark does not
   * load sources, so every partition may hold rows); for a model, every partition with a stored
   * state, except those whose only attempts failed.
   */
  public static Function<AssetName, PartitionSet> built(
      Lineage lineage, Map<AssetName, Map<String, PartitionState>> states) {
    return name -> {
      Asset asset = lineage.project().asset(name);
      if (asset.isSource()) {
        return PartitionSet.overlapping(asset.grain(), lineage.domain(asset));
      }
      return of(asset, states.getOrDefault(name, Map.of()).values(), s -> holdsData(s));
    };
  }

  /**
   * {@link #built(Lineage, Map)} read from the store without reading every state: a model's
   * partitions with a packed row count (every state but failed writes), the failed writes that left
   * earlier data in place, and unpartitioned models' partitions that hold data. For a year of
   * thousands of assets this reads a few rows per asset instead of a row per partition.
   */
  public static Function<AssetName, PartitionSet> built(Lineage lineage, StateStore store) {
    return built(lineage, store, lineage.project().graph().topologicalOrder());
  }

  /**
   * {@link #built(Lineage, StateStore)} of {@code assets} alone: the row counts of the others are
   * not read, and they hold nothing here.
   */
  public static Function<AssetName, PartitionSet> built(
      Lineage lineage, StateStore store, java.util.Collection<AssetName> assets) {
    Project project = lineage.project();
    List<AssetName> models = new ArrayList<>();
    for (AssetName name : assets) {
      if (project.asset(name).isModel() && project.asset(name).isPartitioned()) {
        models.add(name);
      }
    }
    Map<AssetName, List<TimeRange>> runs = new HashMap<>();
    if (!models.isEmpty()) {
      store.rowCounts(
          models,
          (name, grain, first, counts) -> {
            if (grain != project.asset(name).grain()) {
              return;
            }
            List<TimeRange> ranges = runs.computeIfAbsent(name, n -> new ArrayList<>());
            int i = 0;
            while (i < counts.length) {
              if (counts[i] == StateStore.NO_COUNT) {
                i++;
                continue;
              }
              int j = i;
              while (j + 1 < counts.length && counts[j + 1] != StateStore.NO_COUNT) {
                j++;
              }
              ranges.add(
                  new TimeRange(
                      PartitionIndex.start(grain, first + i),
                      PartitionIndex.start(grain, first + j + 1)));
              i = j + 1;
            }
          });
    }
    Map<AssetName, List<PartitionKey>> others = new HashMap<>();
    for (PartitionState state : store.failedOrUnpartitioned()) {
      Asset asset = project.assets().get(state.asset());
      if (asset == null || !asset.isModel() || !holdsData(state)) {
        continue;
      }
      try {
        others
            .computeIfAbsent(asset.name(), n -> new ArrayList<>())
            .add(PartitionKey.parse(asset.grain(), state.partition()));
      } catch (IllegalArgumentException e) {
        // A key of another grain, from before the asset's grain changed: not one of its partitions.
      }
    }
    return name -> {
      Asset asset = project.asset(name);
      if (asset.isSource()) {
        return PartitionSet.overlapping(asset.grain(), lineage.domain(asset));
      }
      return PartitionSet.overlapping(asset.grain(), runs.getOrDefault(name, List.of()))
          .union(PartitionSet.of(asset.grain(), others.getOrDefault(name, List.of())));
    };
  }

  /** The partitions among {@code states} that meet {@code test}. */
  public static PartitionSet of(
      Asset asset,
      Iterable<PartitionState> states,
      java.util.function.Predicate<PartitionState> test) {
    List<PartitionKey> keys = new ArrayList<>();
    for (PartitionState state : states) {
      if (test.test(state)) {
        keys.add(PartitionKey.parse(asset.grain(), state.partition()));
      }
    }
    return PartitionSet.of(asset.grain(), keys);
  }

  private static boolean holdsData(PartitionState state) {
    return state.status() != PartitionStatus.FAILED || !state.dataVersion().equals(Lineage.MISSING);
  }
}
