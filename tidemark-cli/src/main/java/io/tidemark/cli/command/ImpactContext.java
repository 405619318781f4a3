package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.repair.Impact;
import io.tidemark.core.repair.ImpactAnalysis;
import io.tidemark.core.repair.StoredPartitions;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The project, its lineage and which stored partitions hold data: what impact and repair work on.
 * Which partitions hold data comes from the store's packed row counts; every partition state is
 * read only when asked for ({@link #states()}, for staleness), and wall times only for the assets
 * an estimate is asked for.
 */
final class ImpactContext {
  final Project project;
  final Lineage lineage;
  private final StateStore store;
  private final Function<AssetName, PartitionSet> built;
  private Map<AssetName, Map<String, PartitionState>> states;
  private Map<AssetName, Double> wallMillis;

  private ImpactContext(Workspace workspace) {
    this.project = workspace.project();
    this.lineage = new Lineage(project, workspace.clock());
    this.store = workspace.store();
    this.built = StoredPartitions.built(lineage, store);
  }

  /** Every stored partition state, read on first use. */
  Map<AssetName, Map<String, PartitionState>> states() {
    if (states == null) {
      states = store.partitionsByAsset(List.of());
    }
    return states;
  }

  static ImpactContext load(Workspace workspace) {
    return new ImpactContext(workspace);
  }

  /**
   * The partitions of {@code asset} touching {@code range} that hold data; a clear error when there
   * are none, since nothing downstream can have read them.
   */
  PartitionSet rootPartitions(Asset asset, TimeRange range) {
    PartitionSet inRange =
        PartitionSet.overlapping(asset.grain(), range.intersect(lineage.domain(asset)));
    PartitionSet partitions = inRange.intersect(built.apply(asset.name()));
    if (partitions.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          asset.name()
              + " has no materialised partitions in "
              + describe(range)
              + (inRange.isEmpty()
                  ? " (its partitions start " + asset.start() + ")"
                  : "; nothing can have read them (build them with `tidemark run`)"));
    }
    return partitions;
  }

  Impact impact(Map<AssetName, PartitionSet> roots, Set<AssetName> stopAt) {
    return new ImpactAnalysis(project.graph(), lineage::domain).analyse(roots, built, stopAt);
  }

  /** The assets a selection names; empty text selects none. */
  Set<AssetName> select(String selection) {
    return selection == null || selection.isBlank()
        ? Set.of()
        : new Selector(project).select(selection);
  }

  /**
   * How long rebuilding {@code partitions} partitions of {@code asset} should take, from the wall
   * time of its stored partitions; -1 when it was never built with statistics.
   */
  long estimateMillis(AssetName asset, long partitions) {
    if (wallMillis == null) {
      // Every model at once: printers ask asset by asset.
      wallMillis =
          store.meanWallMillis(
              project.assets().values().stream().filter(Asset::isModel).map(Asset::name).toList());
    }
    Double mean = wallMillis.get(asset);
    return mean == null ? -1 : Math.round(mean * partitions);
  }

  static String describe(TimeRange range) {
    return range.start().toLocalDate() + ".." + range.end().toLocalDate().minusDays(1);
  }
}
